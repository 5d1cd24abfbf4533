#pragma once
// Which driver mounts which file system, read-only. ntfs-3g for NTFS everywhere (the well-kept driver;
// Debian 12's kernel has no ntfs3). FAT and exFAT: the kernel's vfat/exfat when the running kernel has
// them (the stick), else the FUSE drivers fusefat and exfat-fuse (this build machine has no such modules).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mount/fs_detect.hpp"

namespace bde {

struct FsDriver {
    bool kernel = false;             // mount(2) on a read-only loop device instead of running a program
    std::string name;                // program ("ntfs-3g") or kernel file-system type ("vfat")
    std::vector<std::string> args;   // program options, before "<device or file> <mountpoint>"
    std::string kernel_options;      // mount(2) data for kernel drivers
    std::string package;             // Debian package for a program
    bool needs_block_device = false;  // give the program a loop device, not the FUSE file
};

// kernel_has("vfat") tells whether the running kernel can mount that type.
std::optional<FsDriver> choose_driver(FsType type, const std::function<bool(std::string_view)>& kernel_has);

// Looks in /proc/filesystems, after asking modprobe to load the module quietly.
bool kernel_has_filesystem(std::string_view name);

}  // namespace bde
