#pragma once
// How drives are named on screen: "nvme0n1p3" rather than "/dev/nvme0n1p3", "disk.img" rather than its
// whole path, "FAT32" rather than "vfat".
#include <string>

namespace bde::tui {

std::string short_device(const std::string& device);
std::string filesystem_name(const std::string& fs);
bool is_fat32(const std::string& fs);

}  // namespace bde::tui
