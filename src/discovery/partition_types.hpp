#pragma once
// Names for the partition types a technician meets on Windows PCs and rescue drives.
#include <string>
#include <string_view>

namespace bde::discovery {

// "Microsoft basic data" for "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7" or "0x07"; empty when unknown.
std::string partition_type_name(std::string_view type);

}  // namespace bde::discovery
