#include "discovery/model.hpp"

#include <fmt/format.h>

namespace bde::discovery {

std::string Partition::display_name() const {
    if (path_offset == 0) return path;
    return fmt::format("{}, partition {}", path, number);
}

bool Disk::is_internal() const {
    // USB sticks and enclosures often claim to be non-removable; loop devices and image files are copies.
    return !removable && transport != "usb" && transport != "loop" && transport != "file";
}

}  // namespace bde::discovery
