#include "drive_words.hpp"

namespace bde::tui {

std::string short_device(const std::string& device) {
    return device.rfind("/dev/", 0) == 0 ? device.substr(5) : device;
}

bool is_fat32(const std::string& fs) { return fs == "vfat" || fs == "fat32" || fs == "FAT32"; }

std::string filesystem_name(const std::string& fs) {
    if (is_fat32(fs)) return "FAT32";
    if (fs == "exfat") return "exFAT";
    if (fs == "ntfs" || fs == "ntfs3") return "NTFS";
    return fs;
}

}  // namespace bde::tui
