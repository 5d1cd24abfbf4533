#pragma once
// The first sector of a BitLocker volume: which flavour (Vista, Windows 7 and later, To Go), the sector
// size, the header GUID (normal, or encrypt-on-write while a conversion is unfinished) and where the
// three FVE metadata copies are.
#include <array>
#include <cstdint>
#include <span>

#include "bde/volume_info.hpp"

namespace bde {

enum class HeaderFlavor { vista, seven, to_go };  // "seven" = Windows 7 and every later version

struct VolumeHeader {
    HeaderFlavor flavor = HeaderFlavor::seven;
    std::uint32_t sector_size = 512;
    std::uint32_t sectors_per_cluster = 8;
    KeyId header_guid;
    bool encrypt_on_write = false;  // header GUID 92A84D3B-...: Windows had not finished converting
    bool unknown_guid = false;
    // Where the metadata copies are. On Vista only the first is known from the header (its cluster
    // number); the others come from the first metadata block.
    std::array<std::uint64_t, 3> metadata_offsets{};
};

inline constexpr std::size_t kBootSectorSize = 512;

// Errc::not_bitlocker when the sector carries no BitLocker signature.
Result<VolumeHeader> parse_volume_header(std::span<const std::uint8_t> sector);

}  // namespace bde
