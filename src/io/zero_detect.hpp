#pragma once
// Telling all-zero data apart cheaply: images skip writing it (sparse output), the mapper of a
// decrypted volume uses it to spot unused areas.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace bde {

inline bool is_all_zero(std::span<const std::uint8_t> data) {
    // Compare word-wise; the tail byte-wise. memcmp against a shifted self is the classic trick:
    // if the first byte is 0 and data[i] == data[i+1] for all i, everything is 0.
    if (data.empty()) return true;
    if (data[0] != 0) return false;
    return std::memcmp(data.data(), data.data() + 1, data.size() - 1) == 0;
}

}  // namespace bde
