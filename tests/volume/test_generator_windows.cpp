// bdegen's crypto helpers and layout rules against volumes Windows made: unwrapping a real recovery
// protector with bdegen's key stretch and AES-CCM, then decrypting the whole volume with bdegen's sector
// cipher by the reference rules, must give the known SHA-256 of the decrypted volume. If the generator
// and Windows disagreed on any of these, this fails even when a reader happens to accept our volumes.
#include <catch2/catch.hpp>

#include <cstring>

#include "byte_writer.hpp"
#include "fve_crypto.hpp"
#include "test_generator_support.hpp"
#include "testdata.hpp"

using namespace bde::test;
using bdegen::load_u16;
using bdegen::load_u32;
using bdegen::load_u64;

namespace {

struct Entry {
    std::uint16_t type, value;
    const std::uint8_t* payload;
    std::size_t size;
};

std::vector<Entry> walk(const std::uint8_t* p, std::size_t length) {
    std::vector<Entry> out;
    for (std::size_t at = 0; at + 8 <= length;) {
        std::uint16_t size = load_u16(p + at);
        if (size < 8 || at + size > length) break;
        out.push_back({load_u16(p + at + 2), load_u16(p + at + 4), p + at + 8, size - 8u});
        at += size;
    }
    return out;
}

// The key inside an AES-CCM value {nonce, MAC, sealed datum}.
std::vector<std::uint8_t> open_key(const bde::SecureBuffer& key, const Entry& e) {
    bdegen::Nonce nonce{};
    std::memcpy(nonce.data(), e.payload, 12);
    auto plain = bdegen::aes_ccm_open(key, nonce, std::span<const std::uint8_t, 16>(e.payload + 12, 16),
                                      std::span(e.payload + 28, e.size - 28));
    REQUIRE(plain);
    return {plain->data() + 12, plain->data() + plain->size()};
}

// Reads the layout from the first metadata copy and unwraps the FVEK with the recovery password.
ReferenceLayout unwrap_windows_volume(const TestVolume& v) {
    auto raw = read_file(v.path);
    ReferenceLayout l;
    l.sector_size = load_u16(&raw[11]);
    for (int i = 0; i < 3; ++i) l.metadata_offsets.push_back(load_u64(&raw[176 + 8 * i]));
    const std::uint8_t* block = &raw[l.metadata_offsets[0]];
    REQUIRE(std::memcmp(block, "-FVE-FS-", 8) == 0);
    l.encrypted_bytes = load_u64(block + 16);
    l.boot_backup = load_u64(block + 56);
    const std::uint8_t* metadata = block + 64;
    switch (load_u16(metadata + 36)) {
        case 0x8002: l.method = "aes-cbc-128"; break;
        case 0x8003: l.method = "aes-cbc-256"; break;
        case 0x8004: l.method = "aes-xts-128"; break;
        case 0x8005: l.method = "aes-xts-256"; break;
        default: FAIL("unexpected method");
    }
    auto entries = walk(metadata + 48, load_u32(metadata) - 48);

    auto rp = bde::RecoveryPassword::parse(v.get("RP"));
    REQUIRE(rp);
    std::optional<bde::SecureBuffer> vmk;
    for (const Entry& e : entries) {
        if (e.type != 0x0002 || load_u16(e.payload + 26) != 0x0800) continue;
        auto props = walk(e.payload + 28, e.size - 28);
        REQUIRE(props.size() >= 2);
        REQUIRE(props[0].value == 0x0003);  // stretch key: method, salt
        auto input = bdegen::recovery_stretch_input(*rp);
        auto stretched = bdegen::stretch_key(std::span<const std::uint8_t, 32>(input.data(), 32),
                                             std::span<const std::uint8_t, 16>(props[0].payload + 4, 16));
        for (const Entry& p : props)
            if (p.value == 0x0005) {
                auto key = open_key(stretched, p);
                vmk = bde::SecureBuffer(key.data(), key.size());
            }
        break;
    }
    REQUIRE(vmk);
    for (const Entry& e : entries)
        if (e.type == 0x0003) l.fvek = open_key(*vmk, e);
    REQUIRE(!l.fvek.empty());
    return l;
}

}  // namespace

TEST_CASE("bdegen's crypto and layout rules decrypt Windows-made volumes to their known SHA-256", "[generator][slow]") {
    for (const char* name : {"bitlk-aes-xts-128", "bitlk-aes-xts-256", "bitlk-aes-cbc-128", "bitlk-aes-cbc-256",
                             "bitlk-aes-xts-128-4k", "bitlk-aes-cbc-128-4k"}) {
        INFO(name);
        const TestVolume& v = test_volume(name);
        ReferenceLayout layout = unwrap_windows_volume(v);
        CHECK(layout.fvek.size() == (layout.method == "aes-cbc-128" ? 16u : layout.method == "aes-xts-256" ? 64u : 32u));
        CHECK(sha256_hex(reference_decrypt(v.path, layout)) == v.get("SHA256SUM"));
    }
}
