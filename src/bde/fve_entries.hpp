#pragma once
// FVE metadata entries ("datums"): {u16 size, u16 entry type, u16 value type, u16 version, data}.
// Splitting is bounded by the enclosing area; a zero size ends the list (Windows pads with zeros).
#include <cstdint>
#include <span>
#include <vector>

#include "util/error.hpp"

namespace bde {

inline constexpr std::size_t kEntryHeaderSize = 8;

struct FveEntry {
    std::uint16_t entry_type = 0;
    std::uint16_t value_type = 0;
    std::uint16_t version = 0;
    std::span<const std::uint8_t> data;  // after the 8-byte header
};

// Entry types (what the entry is for) and value types (how its data is laid out) we use.
namespace entry_type {
inline constexpr std::uint16_t property = 0x0000;
inline constexpr std::uint16_t vmk = 0x0002;
inline constexpr std::uint16_t fvek = 0x0003;
inline constexpr std::uint16_t startup_key = 0x0006;
inline constexpr std::uint16_t description = 0x0007;
inline constexpr std::uint16_t volume_header_block = 0x000F;
}  // namespace entry_type
namespace value_type {
inline constexpr std::uint16_t key = 0x0001;
inline constexpr std::uint16_t unicode_string = 0x0002;
inline constexpr std::uint16_t stretch_key = 0x0003;
inline constexpr std::uint16_t aes_ccm_key = 0x0005;
inline constexpr std::uint16_t volume_master_key = 0x0008;
inline constexpr std::uint16_t external_key = 0x0009;
inline constexpr std::uint16_t offset_and_size = 0x000F;
}  // namespace value_type

// Errc::corrupt when an entry is shorter than its header or runs past the area.
Result<std::vector<FveEntry>> split_entries(std::span<const std::uint8_t> area);

}  // namespace bde
