#pragma once
// Little-endian serialisation for the on-disk BitLocker structures (every field is little-endian).
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace bdegen {

class ByteWriter {
public:
    void u8(std::uint8_t v) { bytes_.push_back(v); }
    void u16(std::uint16_t v) { put(v, 2); }
    void u32(std::uint32_t v) { put(v, 4); }
    void u64(std::uint64_t v) { put(v, 8); }
    void bytes(std::span<const std::uint8_t> b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); }
    void ascii(std::string_view s) { bytes_.insert(bytes_.end(), s.begin(), s.end()); }
    void zeros(std::size_t n) { bytes_.resize(bytes_.size() + n, 0); }
    void pad_to(std::size_t size) {
        if (bytes_.size() < size) bytes_.resize(size, 0);
    }
    void patch_u16(std::size_t at, std::uint16_t v) { patch(at, v, 2); }
    void patch_u32(std::size_t at, std::uint32_t v) { patch(at, v, 4); }

    std::size_t size() const { return bytes_.size(); }
    const std::vector<std::uint8_t>& data() const { return bytes_; }
    std::vector<std::uint8_t>& data() { return bytes_; }

private:
    void put(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) bytes_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void patch(std::size_t at, std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i) bytes_[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
    }
    std::vector<std::uint8_t> bytes_;
};

inline std::uint16_t load_u16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }
inline std::uint32_t load_u32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
inline std::uint64_t load_u64(const std::uint8_t* p) {
    return static_cast<std::uint64_t>(load_u32(p)) | static_cast<std::uint64_t>(load_u32(p + 4)) << 32;
}

}  // namespace bdegen
