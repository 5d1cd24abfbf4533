// bdegen's crypto helpers against known answers computed independently (Python hashlib/cryptography),
// so the generator cannot agree with a reader merely by sharing its mistakes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fve_crypto.hpp"
#include "metadata_builder.hpp"
#include "random_source.hpp"
#include "sector_cipher.hpp"

using namespace bdegen;

namespace {

std::string hex(std::span<const std::uint8_t> b) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (auto x : b) {
        s.push_back(d[x >> 4]);
        s.push_back(d[x & 15]);
    }
    return s;
}

std::vector<std::uint8_t> counting(std::uint8_t from, std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(from + i);
    return v;
}

}  // namespace

TEST_CASE("bdegen stretch_key matches an independent implementation", "[bdegen]") {
    auto initial = counting(0, 32);
    auto salt = counting(0xA0, 16);
    auto key = stretch_key(std::span<const std::uint8_t, 32>(initial.data(), 32),
                           std::span<const std::uint8_t, 16>(salt.data(), 16));
    CHECK(hex(key.span()) == "581d3db91c6cf00911c1e563839ce45a7799b2ac7f9ebe26c422a3688e6bea49");
}

TEST_CASE("bdegen password hash uses UTF-16LE, also for non-ASCII passwords", "[bdegen]") {
    auto h = password_stretch_input("anaconda\xC2\xA3");  // "anaconda£"
    REQUIRE(h);
    CHECK(hex(h->span()) == "bd3afd009ec0be1a2a9891011f611f988e0ad1d2374df4aca002510b1b16506a");
    auto smiley = utf16le("\xF0\x9F\x98\x80");  // U+1F600 needs a surrogate pair
    REQUIRE(smiley);
    CHECK(hex(*smiley) == "3dd800de");
    CHECK_FALSE(utf16le("\xC3"));  // truncated sequence
}

TEST_CASE("bdegen AES-CCM seal matches a known answer and open detects tampering", "[bdegen]") {
    auto k = counting(0x40, 32);
    bde::SecureBuffer key(k.data(), k.size());
    Nonce nonce{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    std::string text = "BitLocker VMK test plaintext 40b";
    std::span<const std::uint8_t> plain(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    CcmSealed sealed = aes_ccm_seal(key, nonce, plain);
    CHECK(hex(sealed.mac) == "848975ebcd6d80af6d6d1ee0f8f26d5e");
    CHECK(hex(sealed.ciphertext) == "2ed9e8d8f17d169d7a64b03b16487cb86d7f383e7c5e5ff81ab4299df3319004");

    auto opened = aes_ccm_open(key, nonce, sealed.mac, sealed.ciphertext);
    REQUIRE(opened);
    CHECK(opened->view() == text);
    sealed.ciphertext[5] ^= 1;
    CHECK_FALSE(aes_ccm_open(key, nonce, sealed.mac, sealed.ciphertext));
}

TEST_CASE("bdegen sector cipher: XTS tweak is the sector number, CBC IV is AES(offset)", "[bdegen]") {
    SECTION("AES-XTS-128, 512-byte sectors") {
        auto k = counting(0, 32);
        SectorCipher cipher(Method::aes_xts_128, bde::SecureBuffer(k.data(), k.size()), 512);
        std::vector<std::uint8_t> data(3 * 512, 0);
        cipher.encrypt(data, 4 * 512);  // sectors 4, 5, 6
        std::span<const std::uint8_t> s5(data.data() + 512, 512);
        CHECK(hex(s5.first(16)) == "7ac7ca021c443d95a43733c83d9321f6");
        CHECK(hex(s5.last(16)) == "825ebb1cfa91d8079dacb55df93c12e2");
        cipher.decrypt(data, 4 * 512);
        CHECK(std::all_of(data.begin(), data.end(), [](auto b) { return b == 0; }));
    }
    SECTION("AES-XTS-256, 4096-byte sectors") {
        auto k = counting(0, 64);
        SectorCipher cipher(Method::aes_xts_256, bde::SecureBuffer(k.data(), k.size()), 4096);
        std::vector<std::uint8_t> data(4096, 0x5A);
        cipher.encrypt(data, 3 * 4096);
        CHECK(hex(std::span(data).first(16)) == "610217a5baec62d6bf0e84fa9694c7d1");
        CHECK(hex(std::span(data).last(16)) == "d62899006775ce567a02c1b723d8c449");
    }
    SECTION("AES-CBC-128") {
        auto k = counting(0, 16);
        SectorCipher cipher(Method::aes_cbc_128, bde::SecureBuffer(k.data(), k.size()), 512);
        std::vector<std::uint8_t> data(512, 0);
        cipher.encrypt(data, 0x1400);
        CHECK(hex(std::span(data).first(16)) == "ae1046ca91c4ccb1976525c9c2f00841");
        CHECK(hex(std::span(data).last(16)) == "2c74d05b890aa7440486ea99d871396b");
    }
    SECTION("a key of the wrong size is refused") {
        CHECK_THROWS(SectorCipher(Method::aes_xts_256, bde::SecureBuffer(32), 512));
    }
}

TEST_CASE("bdegen CRC-32 is the IEEE one the validation block uses", "[bdegen]") {
    std::string s = "123456789";
    CHECK(crc32(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size())) == 0xCBF43926u);
}

TEST_CASE("bdegen random source is reproducible with a seed and makes version-4 GUIDs", "[bdegen]") {
    RandomSource a(42), b(42), c(43);
    auto x = a.bytes(100), y = b.bytes(100), z = c.bytes(100);
    CHECK(x == y);
    CHECK_FALSE(x == z);
    bde::KeyId id = a.guid();
    std::string s = id.str();
    CHECK(s[14] == '4');
    CHECK(std::string("89AB").find(s[19]) != std::string::npos);
    CHECK(a.guid() != id);

    RandomSource system(std::nullopt);
    CHECK_FALSE(system.deterministic());
    CHECK_FALSE(system.bytes(32) == system.bytes(32));
}
