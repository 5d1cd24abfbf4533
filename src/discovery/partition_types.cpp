#include "discovery/partition_types.hpp"

#include <array>
#include <utility>

#include "util/ascii_case.hpp"

namespace bde::discovery {

std::string partition_type_name(std::string_view type) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> names{{
        {"ebd0a0a2-b9e5-4433-87c0-68b6b72699c7", "Microsoft basic data"},
        {"e3c9e316-0b5c-4db8-817d-f92df00215ae", "Microsoft reserved"},
        {"de94bba4-06d1-4d40-a16a-bfd50179d6ac", "Windows recovery"},
        {"5808c8aa-7e8f-42e0-85d2-e1e90434cfb3", "Windows LDM metadata"},
        {"af9b60a0-1431-4f62-bc68-3311714a69ad", "Windows LDM data"},
        {"c12a7328-f81f-11d2-ba4b-00a0c93ec93b", "EFI system"},
        {"21686148-6449-6e6f-744e-656564454649", "BIOS boot"},
        {"0fc63daf-8483-4772-8e79-3d69d8477de4", "Linux file system"},
        {"0657fd6d-a4ab-43c4-84e5-0933c84b4f4f", "Linux swap"},
        {"e6d6d379-f507-44c2-a23c-238f2a3df928", "Linux LVM"},
        {"a19d880f-05fc-4d3b-a006-743f0f84911e", "Linux RAID"},
        {"0x07", "NTFS / exFAT / HPFS"},
        {"0x0b", "FAT32"},
        {"0x0c", "FAT32 (LBA)"},
        {"0x0e", "FAT16 (LBA)"},
        {"0x27", "Windows recovery (hidden NTFS)"},
        {"0xef", "EFI system"},
        {"0x83", "Linux"},
        {"0x82", "Linux swap"},
        {"0xee", "GPT protective"},
    }};
    std::string lower = ascii_lower(type);
    for (const auto& [key, name] : names)
        if (key == lower) return std::string(name);
    return {};
}

}  // namespace bde::discovery
