#include <catch2/catch.hpp>

#include "keys/bek_file.hpp"
#include "keys/key_file_parser.hpp"
#include "test_keyfile_samples.hpp"

using namespace bde;
using namespace keytest;

namespace {

std::span<const std::uint8_t> bytes(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

constexpr std::uint8_t kKey[32] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a,
                                   0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
                                   0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f};
const KeyId kId = KeyId::parse("4381F759-C4F8-4DE0-BB61-FC33A831BDA5").value();
const KeyId kVolume = KeyId::parse("E8EA9756-9CC1-4CA2-B99D-FAE884F56150").value();

void set_u16(std::string& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<char>(v & 0xFF);
    b[at + 1] = static_cast<char>(v >> 8);
}

}  // namespace

TEST_CASE("a Windows 10 .BEK (156 bytes) gives its key ID and 32-byte key", "[keyfile][bek]") {
    std::string file = bek_file(kId, kKey);
    REQUIRE(file.size() == 156);
    CHECK(looks_like_bek(bytes(file), file.size()));
    auto bek = parse_bek(bytes(file));
    REQUIRE(bek);
    CHECK(bek->key_id == kId);
    CHECK_FALSE(bek->volume_id);
    CHECK(bek->key == SecureBuffer(kKey, 32));
}

TEST_CASE("a Windows 11 .BEK (180 bytes) also names the volume", "[keyfile][bek]") {
    std::string file = bek_file(kId, kKey, &kVolume);
    REQUIRE(file.size() == 180);
    auto bek = parse_bek(bytes(file));
    REQUIRE(bek);
    CHECK(bek->key_id == kId);
    REQUIRE(bek->volume_id);
    CHECK(*bek->volume_id == kVolume);
    CHECK(bek->key == SecureBuffer(kKey, 32));
}

TEST_CASE("every truncation of a .BEK is reported as damaged", "[keyfile][bek]") {
    for (const std::string& file : {bek_file(kId, kKey), bek_file(kId, kKey, &kVolume)}) {
        for (std::size_t len = 0; len < file.size(); ++len) {
            INFO("length " << len);
            auto r = parse_bek(bytes(file.substr(0, len)));
            REQUIRE_FALSE(r);
            CHECK(r.error().code == Errc::corrupt);
            CHECK_FALSE(looks_like_bek(bytes(file.substr(0, len)), len));
        }
    }
}

TEST_CASE("inconsistent .BEK headers and entries are rejected", "[keyfile][bek]") {
    const std::string good = bek_file(kId, kKey, &kVolume);
    auto rejected = [](const std::string& f) {
        auto r = parse_bek(bytes(f));
        return !r && r.error().code == Errc::corrupt && !r.error().detail.empty();
    };
    std::string f = good;
    set_u16(f, 12, 181);  // size copy disagrees
    CHECK(rejected(f));
    f = good;
    f[4] = 2;  // version
    CHECK(rejected(f));
    f = good;
    set_u16(f, 48, 0x200);  // entry runs past the end
    CHECK(rejected(f));
    f = good;
    set_u16(f, 48, 4);  // entry smaller than its own header
    CHECK(rejected(f));
    f = good;
    set_u16(f, 48 + 8 + 24 + 0x20 + 0x18, 0x2b);  // key entry one byte short: leaves a stray byte
    CHECK(rejected(f));
    f = good;
    f[56] ^= 1;  // the key entry's ID differs from the header's
    CHECK(rejected(f));
    f = good + "trailing junk";
    CHECK(rejected(f));
    // Zero padding after the key data (a carved copy with cluster slack) is harmless.
    auto padded = parse_bek(bytes(good + std::string(64, '\0')));
    REQUIRE(padded);
    CHECK(padded->key == SecureBuffer(kKey, 32));
}

TEST_CASE("a zero-size entry inside a .BEK is damage, not the padding volume metadata may end with", "[keyfile][bek]") {
    const std::string good = bek_file(kId, kKey, &kVolume);
    for (std::size_t at : {std::size_t{48}, std::size_t{48 + 8 + 24}, std::size_t{48 + 8 + 24 + 0x20}}) {
        INFO("entry at " << at);
        std::string f = good;
        set_u16(f, at, 0);
        auto r = parse_bek(bytes(f));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == Errc::corrupt);
        CHECK(r.error().detail.find("stray bytes") != std::string::npos);
    }
}

TEST_CASE("a well-formed metadata file without a startup key is not found, not damaged", "[keyfile][bek]") {
    std::string f = bek_file(kId, kKey);
    set_u16(f, 50, 0x0008);  // the entry is no longer a startup key
    auto r = parse_bek(bytes(f));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::not_found);
}

TEST_CASE("random mutations of a .BEK never crash and never yield a different key ID", "[keyfile][bek]") {
    std::mt19937 rng(99);
    const std::string good = bek_file(kId, kKey, &kVolume);
    for (int round = 0; round < 3000; ++round) {
        std::string f = good;
        int flips = 1 + round % 4;
        for (int i = 0; i < flips; ++i) f[rng() % f.size()] = static_cast<char>(rng());
        auto r = parse_bek(bytes(f));
        if (!r) continue;
        CHECK(r->key.size() == 32);
        CHECK(r->key_id == kId);  // both copies of the ID must agree, so one flip cannot change it
    }
}

TEST_CASE(".BEK files go through the key-file reader as startup keys", "[keyfile][bek]") {
    std::string file = bek_file(kId, kKey, &kVolume);
    auto parsed = parse_key_file(bytes(file), "/stick/4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK");
    REQUIRE(parsed.keys.size() == 1);
    const FoundKey& k = parsed.keys[0];
    CHECK(k.kind == FoundKeyKind::startup_key);
    CHECK(k.key_id == kId);
    CHECK(k.volume_id == kVolume);
    CHECK(k.source().format == "bek");
    CHECK(k.source().line == 0);
    CHECK(parsed.notes.empty());
    auto cred = k.to_credential();
    CHECK(cred.kind == Credential::Kind::startup_key);
    CHECK(cred.secret.size() == 32);
    CHECK(cred.key_id == kId);

    // Recognised by content even when renamed, and the mismatching name is reported.
    auto renamed = parse_key_file(bytes(file), "/stick/AA80A52B.bin");
    REQUIRE(renamed.keys.size() == 1);
    REQUIRE(renamed.notes.size() == 1);
    CHECK(renamed.notes[0].message.find("AA80A52B") != std::string::npos);

    // A damaged .BEK is a note saying so.
    auto broken = parse_key_file(bytes(file.substr(0, 100)), "/stick/4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK");
    CHECK(broken.keys.empty());
    REQUIRE(broken.notes.size() == 1);
    CHECK(broken.notes[0].message.find("damaged") != std::string::npos);
}
