#pragma once
// CRC-32 (IEEE 802.3, as zlib): BitLocker stores one over each FVE metadata block, which tells a
// damaged copy from a good one.
#include <cstdint>
#include <span>

namespace bde::crypto {

std::uint32_t crc32(std::span<const std::uint8_t> data);

}  // namespace bde::crypto
