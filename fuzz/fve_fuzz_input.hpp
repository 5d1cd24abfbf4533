#pragma once
// What the volume-parser fuzz targets share: most mutations of an FVE metadata block break its CRC-32, so
// the targets also parse a copy with the checksum repaired; that lets the fuzzer reach the entry parsers.
#include <cstdint>
#include <span>
#include <vector>

#include "bde/le_bytes.hpp"
#include "crypto/crc32.hpp"

namespace fuzzinput {

// The block with the CRC-32 in its validation area recomputed (Windows 7+ layout: the size field at +8 in
// 16-byte units, the validation area right after the block, its CRC at +4). Unchanged when the sizes
// do not allow one.
inline std::vector<std::uint8_t> with_valid_checksum(std::span<const std::uint8_t> block) {
    std::vector<std::uint8_t> out(block.begin(), block.end());
    if (out.size() < 12 || bde::le16(out.data() + 10) < 2) return out;
    std::size_t block_size = std::size_t{bde::le16(out.data() + 8)} * 16;
    if (block_size + 8 > out.size()) return out;
    std::uint32_t crc = bde::crypto::crc32(std::span<const std::uint8_t>(out).first(block_size));
    for (int i = 0; i < 4; ++i) out[block_size + 4 + i] = static_cast<std::uint8_t>(crc >> (8 * i));
    return out;
}

}  // namespace fuzzinput
