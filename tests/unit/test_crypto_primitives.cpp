// Known-answer tests for the crypto layer (values from the standards, or computed independently with
// Python's hashlib for BitLocker's key stretching).
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "bde/utf16.hpp"
#include "crypto/aes_ccm.hpp"
#include "crypto/evp_owners.hpp"
#include "crypto/crc32.hpp"
#include "crypto/elephant_diffuser.hpp"
#include "crypto/key_stretch.hpp"
#include "crypto/sector_cipher.hpp"
#include "crypto/sha256.hpp"

using namespace bde;
using namespace bde::crypto;

namespace {

std::vector<std::uint8_t> unhex(const std::string& hex) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

std::string hex(std::span<const std::uint8_t> b) {
    std::string s;
    for (auto c : b) s += "0123456789abcdef"[c >> 4], s += "0123456789abcdef"[c & 15];
    return s;
}

std::vector<std::uint8_t> bytes_0_to(std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i);
    return v;
}

}  // namespace

TEST_CASE("SHA-256 and CRC-32 known answers", "[unit][crypto]") {
    std::string abc = "abc";
    CHECK(hex(sha256(std::span(reinterpret_cast<const std::uint8_t*>(abc.data()), 3))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::string digits = "123456789";
    CHECK(crc32(std::span(reinterpret_cast<const std::uint8_t*>(digits.data()), digits.size())) == 0xCBF43926u);
}

TEST_CASE("key stretching matches an independent implementation", "[unit][crypto]") {
    auto initial = bytes_0_to(32);
    std::vector<std::uint8_t> salt(16);
    for (int i = 0; i < 16; ++i) salt[i] = static_cast<std::uint8_t>(100 + i);
    auto run = [&](std::uint64_t rounds) {
        return hex(stretch_key(std::span<const std::uint8_t, 32>(initial.data(), 32),
                               std::span<const std::uint8_t, 16>(salt.data(), 16), rounds).span());
    };
    CHECK(run(1) == "717c8d61fbe5e40760011b834e9402c5bc6bba7920075b83f8a00bae7396fbe4");
    CHECK(run(1000) == "6bb97cb57ce11e32493dbe668b8314d53d3d71af2edeb7df49d9bf2d41b10f1b");
    CHECK(run(kStretchRounds) == "734bf3f02c1f9208e055c374b18853af73198a7c041dcb8adf4b2b08cac70175");
}

TEST_CASE("passwords are hashed as UTF-16LE, non-ASCII included", "[unit][crypto]") {
    CHECK(hex(utf8_to_utf16le("anaconda\xC2\xA3").span()) == "61006e00610063006f006e0064006100a300");
    CHECK(hex(utf8_to_utf16le("\xF0\x9F\x94\x91").span()) == "3dd811dd");  // U+1F511 as a surrogate pair
    CHECK(hex(utf8_to_utf16le("\xA3").span()) == "a300");                    // stray byte taken as Latin-1
    auto u16 = unhex("440045005300");                                        // "DES"
    u16.insert(u16.end(), {0, 0, 'X', 0});                                   // stops at U+0000
    CHECK(utf16le_to_utf8(u16) == "DES");
    CHECK(utf16le_to_utf8(unhex("a300")) == "\xC2\xA3");
}

TEST_CASE("AES-CCM unwraps what it wraps and rejects a wrong key or a flipped bit", "[unit][crypto]") {
    auto key = bytes_0_to(32);
    auto nonce = unhex("0102030405060708090a0b0c");
    auto plain = bytes_0_to(44);
    std::array<std::uint8_t, 16> tag{};
    auto sealed = aes_ccm_encrypt(key, std::span<const std::uint8_t, 12>(nonce.data(), 12), plain, tag);
    REQUIRE(sealed);
    CHECK(*sealed != plain);
    auto n12 = std::span<const std::uint8_t, 12>(nonce.data(), 12);
    auto opened = aes_ccm_decrypt(key, n12, tag, *sealed);
    REQUIRE(opened);
    CHECK(std::vector<std::uint8_t>(opened->data(), opened->data() + opened->size()) == plain);
    auto wrong = key;
    wrong[0] ^= 1;
    CHECK_FALSE(aes_ccm_decrypt(wrong, n12, tag, *sealed));
    (*sealed)[10] ^= 0x80;
    CHECK_FALSE(aes_ccm_decrypt(key, n12, tag, *sealed));
}

TEST_CASE("AES-XTS sectors match IEEE 1619 vector 4", "[unit][crypto]") {
    auto key = unhex("2718281828459045235360287471352631415926535897932384626433832795");
    auto data = bytes_0_to(256);
    data.insert(data.end(), data.begin(), data.end());  // 512 bytes: 00..ff twice
    auto c = SectorCipher::create(SectorMode::xts, key, {}, 512);
    REQUIRE(c);
    auto plain = data;
    REQUIRE(c->encrypt(data, 0));  // data unit 0
    CHECK(hex(std::span(data.data(), 32)) == "27a7479befa1d476489f308cd4cfa6e2a96e4bbe3208ff25287dd3819616e89c");
    REQUIRE(c->decrypt(data, 0));
    CHECK(data == plain);
}

TEST_CASE("the XTS tweak is the sector number and a run equals sector-by-sector", "[unit][crypto]") {
    for (std::uint32_t ss : {512u, 4096u}) {
        auto key = bytes_0_to(64);
        auto c = SectorCipher::create(SectorMode::xts, key, {}, ss);
        REQUIRE(c);
        std::vector<std::uint8_t> run(4 * ss, 0x5A), single(ss, 0x5A);
        REQUIRE(c->decrypt(run, 10ull * ss));
        REQUIRE(c->decrypt(single, 12ull * ss));
        CHECK(std::equal(single.begin(), single.end(), run.begin() + 2 * ss));
        CHECK(!std::equal(run.begin(), run.begin() + ss, run.begin() + ss));  // different tweaks differ
    }
}

TEST_CASE("AES-CBC sectors use AES-ECB of the byte offset as IV", "[unit][crypto]") {
    auto key = bytes_0_to(16);
    auto c = SectorCipher::create(SectorMode::cbc, key, {}, 512);
    REQUIRE(c);
    // For an all-zero ciphertext sector, the first plaintext block is D(K, 0) ^ IV; check it against an
    // independent computation with OpenSSL's raw ECB.
    std::vector<std::uint8_t> sector(512, 0);
    const std::uint64_t offset = 0x12345600;
    REQUIRE(c->decrypt(sector, offset));
    auto ecb = [&](bool enc, std::vector<std::uint8_t> block) {
        auto ctx = new_cipher_ctx();
        int len = 0;
        EVP_CipherInit_ex(ctx.get(), EVP_aes_128_ecb(), nullptr, key.data(), nullptr, enc ? 1 : 0);
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
        EVP_CipherUpdate(ctx.get(), block.data(), &len, block.data(), 16);
        return block;
    };
    std::vector<std::uint8_t> e(16, 0);
    for (int i = 0; i < 8; ++i) e[i] = static_cast<std::uint8_t>(offset >> (8 * i));
    auto iv = ecb(true, e);
    auto d0 = ecb(false, std::vector<std::uint8_t>(16, 0));
    for (int i = 0; i < 16; ++i) CHECK(sector[i] == (d0[i] ^ iv[i]));
}

TEST_CASE("Elephant diffusers invert and spread a one-bit change over the sector", "[unit][crypto]") {
    for (std::size_t size : {512u, 4096u}) {
        auto sector = bytes_0_to(size);
        auto original = sector;
        diffuser_a_encrypt(sector);
        diffuser_b_encrypt(sector);
        CHECK(sector != original);
        diffuser_b_decrypt(sector);
        diffuser_a_decrypt(sector);
        CHECK(sector == original);

        auto flipped = original;
        flipped[100] ^= 1;
        diffuser_b_decrypt(flipped);
        diffuser_a_decrypt(flipped);
        auto base = original;
        diffuser_b_decrypt(base);
        diffuser_a_decrypt(base);
        int changed_words = 0;
        for (std::size_t w = 0; w < size / 4; ++w)
            changed_words += std::memcmp(&flipped[4 * w], &base[4 * w], 4) != 0;
        CHECK(changed_words > static_cast<int>(size / 4) * 9 / 10);
    }
}

TEST_CASE("CBC with the Elephant diffuser round-trips for both key sizes", "[unit][crypto]") {
    for (std::size_t ks : {16u, 32u}) {
        auto key = bytes_0_to(ks);
        std::vector<std::uint8_t> tweak(ks, 0x77);
        auto c = SectorCipher::create(SectorMode::cbc_elephant, key, tweak, 512);
        REQUIRE(c);
        auto data = bytes_0_to(2048);
        auto plain = data;
        REQUIRE(c->encrypt(data, 4096));
        CHECK(data != plain);
        REQUIRE(c->decrypt(data, 4096));
        CHECK(data == plain);
    }
}

TEST_CASE("the sector cipher refuses impossible sizes", "[unit][crypto]") {
    auto key = bytes_0_to(32);
    CHECK_FALSE(SectorCipher::create(SectorMode::xts, std::span(key.data(), 20), {}, 512));
    CHECK_FALSE(SectorCipher::create(SectorMode::cbc, std::span(key.data(), 16), {}, 1536));
    CHECK_FALSE(SectorCipher::create(SectorMode::cbc_elephant, std::span(key.data(), 16), {}, 512));  // no tweak key
    std::vector<std::uint8_t> twin(32, 0xaa);  // XTS halves equal: a wrong key, not a library failure
    auto t = SectorCipher::create(SectorMode::xts, twin, {}, 512);
    REQUIRE_FALSE(t);
    CHECK(t.error().code == bde::Errc::wrong_key);
    auto c = SectorCipher::create(SectorMode::xts, key, {}, 512);
    REQUIRE(c);
    std::vector<std::uint8_t> half(256);
    CHECK_FALSE(c->decrypt(half, 0));
}
