// The two .BEK startup-key files Windows made for the cryptsetup test volumes (unpacked by the testdata fixture).
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "keys/bek_file.hpp"
#include "keys/key_scanner.hpp"
#include "keys/recovery_password.hpp"
#include "testdata.hpp"

using namespace bde;

namespace {

std::vector<std::uint8_t> read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the real Windows 10 .BEK (156 bytes) gives its key ID", "[bek][real]") {
    const auto& vol = test::test_volume("bitlk-aes-xts-128-startup-key");
    std::string path = test::testdata_dir() + "/4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK";
    auto bytes = read_all(path);
    REQUIRE(bytes.size() == 156);
    CHECK(looks_like_bek(bytes, bytes.size()));
    auto bek = parse_bek(bytes);
    REQUIRE(bek);
    CHECK(bek->key_id.str() == "4381F759-C4F8-4DE0-BB61-FC33A831BDA5");
    CHECK(KeyIdPattern::parse(vol.get("SK_VMK_GUID")).value().matches(bek->key_id));
    CHECK_FALSE(bek->volume_id);
    CHECK(bek->key.size() == 32);
}

TEST_CASE("the real Windows 11 .BEK (180 bytes) also names its volume", "[bek][real]") {
    const auto& vol = test::test_volume("bitlk-aes-xts-128-startup-key-win11");
    std::string path = test::testdata_dir() + "/AA80A52B-9B66-47AE-B097-33F536FFBB07.BEK";
    auto bytes = read_all(path);
    REQUIRE(bytes.size() == 180);
    auto bek = parse_bek(bytes);
    REQUIRE(bek);
    CHECK(bek->key_id.str() == "AA80A52B-9B66-47AE-B097-33F536FFBB07");
    CHECK(KeyIdPattern::parse(vol.get("SK_VMK_GUID")).value().matches(bek->key_id));
    REQUIRE(bek->volume_id);
    CHECK(bek->volume_id->str() == "E8EA9756-9CC1-4CA2-B99D-FAE884F56150");
    CHECK(*bek->volume_id == KeyId::parse(vol.get("GUID")).value());
    CHECK(bek->key.size() == 32);
}

TEST_CASE("scanning the test-data folder finds both startup keys and the recovery keys in images.conf",
          "[bek][real]") {
    auto r = scan_for_keys({test::testdata_dir()});
    std::vector<std::string> ids;
    for (const auto& k : r.keys)
        if (k.kind == FoundKeyKind::startup_key) ids.push_back(k.id_text());
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::string>{"4381F759-C4F8-4DE0-BB61-FC33A831BDA5", "AA80A52B-9B66-47AE-B097-33F536FFBB07"});
    // The volume images are never opened (their extension says what they are); the .conf is text.
    CHECK(r.files_read == 3);
    auto for_volume = r.keys_for({KeyId::parse("4381f759-c4f8-4de0-bb61-fc33a831bda5").value()});
    REQUIRE(for_volume.size() == 1);
    CHECK(for_volume[0]->to_credential().kind == Credential::Kind::startup_key);

    // Every recovery password of the real volumes, under its own protector's ID (not the password's
    // protector listed just before it).
    int checked = 0;
    for (const auto& vol : test::test_volumes()) {
        for (const char* which : {"RP", "RP2"}) {
            std::string rp = vol.get(which), id = vol.get(std::string(which) + "_VMK_GUID");
            if (rp.empty() || id.empty()) continue;
            INFO(vol.name << " " << which);
            auto keys = r.keys_for({KeyId::parse(id).value()});
            REQUIRE(keys.size() == 1);
            CHECK(keys[0]->secret == RecoveryPassword::parse(rp).value().key());
            CHECK(keys[0]->source().path.ends_with("images.conf"));
            ++checked;
        }
    }
    CHECK(checked == 21);
}
