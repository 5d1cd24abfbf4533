#pragma once
// Refuses destinations that would write onto the disk being rescued. Writing files or an image onto the
// failing or encrypted disk itself can overwrite the very sectors we are trying to save.
#include <set>
#include <string>
#include <sys/types.h>

#include "util/error.hpp"

namespace bde {

// The whole-disk names ("sda", "nvme0n1") that hold the block device dev, following partitions,
// device-mapper/md members and loop devices' backing files. Empty when dev is not a block device
// (tmpfs, FUSE).
std::set<std::string> physical_disks_of(dev_t dev);

// Errc::destination when dest_path (a file or folder that may not exist yet; its nearest existing parent
// is used) lies on the same physical disk as source_path, or is the source image file itself.
// source_path is what the user named as VOL: a block device or an image file.
Result<void> ensure_destination_not_on_source(const std::string& source_path, const std::string& dest_path);

}  // namespace bde
