#include "mount/driver_choice.hpp"

#include <fstream>
#include <sstream>

#include "mount/unmount.hpp"

namespace bde {

std::optional<FsDriver> choose_driver(FsType type, const std::function<bool(std::string_view)>& kernel_has) {
    switch (type) {
        case FsType::ntfs:
            // ro: never written; noatime: no access-time updates either way.
            return FsDriver{false, "ntfs-3g", {"-o", "ro,noatime,nodev,nosuid"}, "", "ntfs-3g", false};
        case FsType::exfat:
            if (kernel_has("exfat")) return FsDriver{true, "exfat", {}, "iocharset=utf8", "", true};
            // exfat-fuse run as root insists on a block device: it gets a read-only loop device.
            return FsDriver{false, "mount.exfat-fuse", {"-o", "ro,noatime,nodev,nosuid"}, "", "exfat-fuse", true};
        case FsType::fat12:
        case FsType::fat16:
        case FsType::fat32:
            if (kernel_has("vfat")) return FsDriver{true, "vfat", {}, "utf8,shortname=mixed", "", true};
            return FsDriver{false, "fusefat", {"-o", "ro,nodev,nosuid"}, "", "fusefat", false};
        default: return std::nullopt;
    }
}

namespace {
bool listed(std::string_view name) {
    std::ifstream in("/proc/filesystems");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::string word, last;
        while (ss >> word) last = word;
        if (last == name) return true;
    }
    return false;
}
}  // namespace

bool kernel_has_filesystem(std::string_view name) {
    if (listed(name)) return true;
    if (!run_quietly({"modprobe", "-q", std::string(name)})) return false;
    return listed(name);
}

}  // namespace bde
