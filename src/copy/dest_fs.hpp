#pragma once
// What the destination file system can hold: FAT32's 4 GiB - 1 file size limit, the characters Windows
// file systems forbid (: * ? " < > | \ and names ending in a dot or space, reserved names like CON),
// name length limits. Names that cannot be stored are renamed predictably; the report lists them.
#include <cstdint>
#include <string>

#include "util/error.hpp"

namespace bde {

enum class DestFsKind { fat, exfat, ntfs, posix, unknown };

struct DestLimits {
    DestFsKind kind = DestFsKind::unknown;
    std::string fs_name;                      // "vfat", "exfat", "ntfs", "ext4", "tmpfs", ...
    std::uint64_t max_file_size = UINT64_MAX;  // FAT32: 4 GiB - 1
    bool windows_names = false;               // forbidden characters, trailing dots/spaces, reserved names
    bool case_insensitive = false;
    std::size_t max_name_bytes = 255;         // per name (UTF-8 bytes; FAT/NTFS/exFAT count 255 UTF-16 units)
    std::size_t max_path_bytes = 4095;
    std::uint64_t free_bytes = 0;
    bool free_known = true;                   // false when the driver reports no sizes (fusefat): not "full"
    bool read_only = false;
};

DestLimits limits_for(DestFsKind kind, std::string fs_name);
// Looks at the file system holding dir (statfs; for FUSE and fuseblk mounts, what the device holds).
Result<DestLimits> probe_destination(const std::string& dir);

// A name the destination accepts: forbidden characters become '_', trailing dots and spaces are dropped,
// reserved device names get a '_' suffix, over-long names are shortened keeping the extension.
// Returns name unchanged when it is already fine.
std::string dest_safe_name(const std::string& name, const DestLimits& limits);

}  // namespace bde
