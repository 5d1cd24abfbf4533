#pragma once
// Builds FVE metadata blocks and whole small volumes in memory for the parser tests: well-formed ones,
// and damaged ones by editing the bytes afterwards.
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "bde/le_bytes.hpp"
#include "crypto/crc32.hpp"
#include "io/block_source.hpp"

namespace bde::test {

inline void put16(std::vector<std::uint8_t>& v, std::uint16_t x) {
    v.push_back(static_cast<std::uint8_t>(x));
    v.push_back(static_cast<std::uint8_t>(x >> 8));
}
inline void put32(std::vector<std::uint8_t>& v, std::uint32_t x) {
    for (int i = 0; i < 4; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}
inline void put64(std::vector<std::uint8_t>& v, std::uint64_t x) {
    for (int i = 0; i < 8; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}

// One entry: {size, type, value type, version, data}.
inline std::vector<std::uint8_t> entry(std::uint16_t type, std::uint16_t value, std::span<const std::uint8_t> data,
                                       std::uint16_t version = 1) {
    std::vector<std::uint8_t> e;
    put16(e, static_cast<std::uint16_t>(8 + data.size()));
    put16(e, type);
    put16(e, value);
    put16(e, version);
    e.insert(e.end(), data.begin(), data.end());
    return e;
}

inline std::vector<std::uint8_t> utf16(const std::string& ascii) {
    std::vector<std::uint8_t> v;
    for (char c : ascii) v.push_back(static_cast<std::uint8_t>(c)), v.push_back(0);
    v.push_back(0), v.push_back(0);
    return v;
}

inline std::vector<std::uint8_t> concat(std::initializer_list<std::vector<std::uint8_t>> parts) {
    std::vector<std::uint8_t> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// A wrapped key's data: nonce (12), tag (16), ciphertext.
inline std::vector<std::uint8_t> wrapped(std::size_t ciphertext_size, std::uint8_t fill = 0xAB) {
    return std::vector<std::uint8_t>(28 + ciphertext_size, fill);
}

// A VMK entry: id (16), modified (8), unknown (2), protection (2), properties.
inline std::vector<std::uint8_t> vmk_entry(std::uint8_t id_byte, std::uint16_t protection,
                                           const std::vector<std::uint8_t>& properties) {
    std::vector<std::uint8_t> d(16, id_byte);
    put64(d, 132000000000000000ULL);
    put16(d, 0);
    put16(d, protection);
    d.insert(d.end(), properties.begin(), properties.end());
    return entry(0x0002, 0x0008, d);
}

inline std::vector<std::uint8_t> stretch_key_entry(std::uint8_t salt_byte, const std::vector<std::uint8_t>& nested = {}) {
    std::vector<std::uint8_t> d;
    put32(d, 0x1000);
    d.insert(d.end(), 16, salt_byte);
    d.insert(d.end(), nested.begin(), nested.end());
    return entry(0x0000, 0x0003, d);
}

struct BlockFields {
    std::uint16_t state = 4;
    std::uint64_t encrypted_size = 100ull << 20;
    std::uint64_t offsets[3] = {0x100000, 0x200000, 0x300000};
    std::uint64_t header_backup = 0x110000;
    std::uint16_t method = 0x8004;
};

// A complete Windows-7-style block (64 KiB) holding `entries`, with a valid CRC-32.
inline std::vector<std::uint8_t> fve_block(const std::vector<std::uint8_t>& entries, const BlockFields& f = {}) {
    // (Constructed from the signature rather than inserted into an empty vector: GCC 12 warns falsely.)
    const std::uint8_t sig[8] = {'-', 'F', 'V', 'E', '-', 'F', 'S', '-'};
    std::vector<std::uint8_t> b(sig, sig + 8);
    std::size_t body = 64 + 48 + entries.size();
    std::size_t size16 = (body + 15) / 16;
    put16(b, static_cast<std::uint16_t>(size16));
    put16(b, 2);
    put16(b, f.state);
    put16(b, f.state);
    put64(b, f.encrypted_size);
    put32(b, 0);
    put32(b, 16);
    for (auto o : f.offsets) put64(b, o);
    put64(b, f.header_backup);
    // metadata header
    put32(b, static_cast<std::uint32_t>(48 + entries.size()));
    put32(b, 1);
    put32(b, 48);
    put32(b, static_cast<std::uint32_t>(48 + entries.size()));
    for (int i = 0; i < 16; ++i) b.push_back(static_cast<std::uint8_t>(0x10 + i));  // volume GUID
    put32(b, 1);
    put16(b, f.method);
    put16(b, f.method);
    put64(b, 132000000000000000ULL);
    b.insert(b.end(), entries.begin(), entries.end());
    b.resize(size16 * 16, 0);
    std::uint32_t crc = crypto::crc32(b);
    put16(b, 8);
    put16(b, 2);
    put32(b, crc);
    b.resize(64 * 1024, 0);
    return b;
}

// Recomputes the CRC after a test edited the block.
inline void refresh_crc(std::vector<std::uint8_t>& b) {
    std::size_t size = std::size_t{le16(b.data() + 8)} * 16;
    if (size + 8 > b.size()) return;  // the size field itself was damaged
    std::uint32_t crc = crypto::crc32(std::span(b.data(), size));
    for (int i = 0; i < 4; ++i) b[size + 4 + i] = static_cast<std::uint8_t>(crc >> (8 * i));
}

// A Windows 7+ boot sector naming the three metadata copies.
inline std::vector<std::uint8_t> boot_sector(const BlockFields& f = {}, std::uint16_t bytes_per_sector = 512) {
    std::vector<std::uint8_t> s(512, 0);
    s[0] = 0xEB, s[1] = 0x58, s[2] = 0x90;
    std::memcpy(s.data() + 3, "-FVE-FS-", 8);
    s[11] = static_cast<std::uint8_t>(bytes_per_sector), s[12] = static_cast<std::uint8_t>(bytes_per_sector >> 8);
    s[13] = 8;
    const std::uint8_t guid[16] = {0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a,
                                   0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01};
    std::memcpy(s.data() + 160, guid, 16);
    for (int i = 0; i < 3; ++i) put_le64(s.data() + 176 + 8 * i, f.offsets[i]);
    s[510] = 0x55, s[511] = 0xAA;
    return s;
}

// An in-memory volume.
class MemorySource final : public BlockSource {
public:
    explicit MemorySource(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {}
    std::uint64_t size() const override { return bytes_.size(); }
    Result<std::size_t> read_at(std::uint64_t offset, std::span<std::uint8_t> out) const override {
        if (offset >= bytes_.size()) return std::size_t{0};
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), bytes_.size() - offset));
        std::memcpy(out.data(), bytes_.data() + offset, n);
        return n;
    }
    std::string name() const override { return "memory"; }
    std::vector<std::uint8_t>& bytes() { return bytes_; }

private:
    std::vector<std::uint8_t> bytes_;
};

// A 4 MiB volume with the boot sector and three copies of `block` at f.offsets.
inline std::vector<std::uint8_t> small_volume(const std::vector<std::uint8_t>& block, const BlockFields& f = {}) {
    std::vector<std::uint8_t> v(4 << 20, 0);
    auto bs = boot_sector(f);
    std::copy(bs.begin(), bs.end(), v.begin());
    for (auto o : f.offsets) std::copy(block.begin(), block.end(), v.begin() + static_cast<long>(o));
    return v;
}

}  // namespace bde::test
