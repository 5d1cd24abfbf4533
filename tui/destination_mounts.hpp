#pragma once
// The drive that receives the copies must be writable, and the rescue system mounts nothing by itself:
// this mounts a chosen destination partition read-write under <runtime>/dest-<pid>/<name> (ntfs-3g for NTFS,
// the kernel or exfat-fuse for exFAT, the kernel for FAT and Linux file systems), and syncs and unmounts
// it again when BDE Rescue ends. It never mounts a BitLocker volume or the disk being rescued: the
// caller chooses the partition, and the copy engine checks the same-disk rule again before writing.
#include <map>
#include <string>

#include "util/error.hpp"

namespace bde::tui {

class DestinationMounts {
public:
    DestinationMounts() = default;
    ~DestinationMounts();  // unmounts everything it mounted
    DestinationMounts(const DestinationMounts&) = delete;
    DestinationMounts& operator=(const DestinationMounts&) = delete;

    // Mounts `device` (file system as blkid names it: "ntfs", "vfat", "exfat", "ext4", ...) read-write and
    // returns the mount point; the same one again when it is already mounted by us.
    Result<std::string> mount(const std::string& device, const std::string& fs_type);
    // Syncs and unmounts what this object mounted. Errors are ignored: nothing more can be done at exit.
    void unmount_all();

private:
    static std::string root();
    std::map<std::string, std::string> mounted_;  // device -> mount point
};

}  // namespace bde::tui
