#pragma once
// Recognising the BDE Rescue stick we booted from, so its own partitions (boot, system) are never offered
// as a place to copy to. The boot menu passes the file-system UUID of the stick's system partition as
// `bderescue.system=UUID` on the kernel command line (see image/grub.cfg.in).
#include <string>
#include <string_view>

#include "discovery/model.hpp"

namespace bde::discovery {

// The value of bderescue.system= in a kernel command line; empty when absent.
std::string rescue_stick_uuid(std::string_view kernel_cmdline);

// Marks every disk holding a partition with that file-system UUID (case-insensitive). Empty uuid: no-op.
void mark_rescue_stick(Snapshot& snapshot, const std::string& uuid);

// The same, with the UUID read from /proc/cmdline.
void mark_rescue_stick(Snapshot& snapshot);

}  // namespace bde::discovery
