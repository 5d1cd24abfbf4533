#include "drive_words.hpp"

namespace bde::tui {

std::string short_device(const std::string& device) {
    if (device.rfind("/dev/", 0) == 0) return device.substr(5);
    // An image file: its name is what tells it apart ("disk.img, partition 2" keeps its suffix).
    std::size_t cut = device.find(", ");
    std::size_t slash = device.rfind('/', cut);
    return slash == std::string::npos ? device : device.substr(slash + 1);
}

bool is_fat32(const std::string& fs) { return fs == "vfat" || fs == "fat32" || fs == "FAT32"; }

std::string filesystem_name(const std::string& fs) {
    if (is_fat32(fs)) return "FAT32";
    if (fs == "exfat") return "exFAT";
    if (fs == "ntfs" || fs == "ntfs3") return "NTFS";
    return fs;
}

}  // namespace bde::tui
