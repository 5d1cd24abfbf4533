// Every Windows-made test volume, every credential its conf lists: unlocking goes through the protector
// the conf names, every credential yields the same keys, and the recovery password comes back.
#include <catch2/catch.hpp>

#include "bde/unlock.hpp"
#include "bde/volume_info.hpp"
#include "io/file_source.hpp"
#include "volume_test_helpers.hpp"

using namespace bde;
using namespace bde::test;

TEST_CASE("every credential of every test volume unlocks it through the protector the conf names", "[volume]") {
    auto volumes = test_volumes();
    REQUIRE(volumes.size() >= 21);
    int unlocked = 0;
    for (const TestVolume& v : volumes) {
        INFO(v.name);
        auto [src, info] = open_raw_volume(v.path);
        CHECK(info.volume_id.str() == upper(v.get("GUID")));

        auto creds = credentials_of(v);
        REQUIRE(!creds.empty());
        std::optional<VolumeKeys> first_keys;
        for (const NamedCredential& nc : creds) {
            INFO(nc.label);
            auto u = unlock_volume(*src, info, nc.credential);
            REQUIRE(u);
            CHECK(u->protector.key_id.str() == nc.expected_id);
            CHECK(u->vmk.size() == 32);
            if (first_keys) {
                CHECK(u->keys.fvek == first_keys->fvek);
                CHECK(u->keys.tweak == first_keys->tweak);
            } else {
                first_keys = u->keys;
            }
            // Whatever opened it, the first recovery protector's 48 digits come back (none on clear-key-only).
            if (!v.get("RP").empty()) {
                REQUIRE(u->recovery_password);
                CHECK(std::string(u->recovery_password->view()) == v.get("RP"));
            }
            ++unlocked;
        }
    }
    CHECK(unlocked >= 41);  // 21 volumes: 41 credentials in bitlk-images.conf
}

TEST_CASE("the second recovery password opens the two-recovery volume through its own protector", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128-two-recovery");
    auto [src, info] = open_raw_volume(v.path);
    auto second = unlock_volume(*src, info, recovery_credential(v.get("RP2")));
    REQUIRE(second);
    CHECK(second->protector.key_id.str() == upper(v.get("RP2_VMK_GUID")));
    CHECK(second->protector.type == ProtectorType::recovery_password);
}

TEST_CASE("a key ID restricts the attempt to that protector", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128-two-recovery");
    auto [src, info] = open_raw_volume(v.path);
    Credential c = recovery_credential(v.get("RP2"));
    c.key_id = *KeyId::parse(v.get("RP2_VMK_GUID"));
    CHECK(unlock_volume(*src, info, c));
    c.key_id = *KeyId::parse(v.get("RP_VMK_GUID"));  // the right digits, the other protector's ID
    auto r = unlock_volume(*src, info, c);
    REQUIRE(!r);
    CHECK(r.error().code == Errc::wrong_key);
}

TEST_CASE("wrong keys are wrong_key, not malformed or damaged", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    const TestVolume& other = test_volume("bitlk-aes-cbc-128");
    auto [src, info] = open_raw_volume(v.path);

    auto pw = unlock_volume(*src, info, password_credential("anaconda2"));
    REQUIRE(!pw);
    CHECK(pw.error().code == Errc::wrong_key);
    CHECK(pw.error().message.find("password") != std::string::npos);

    auto rp = unlock_volume(*src, info, recovery_credential(other.get("RP")));  // well-formed, another volume's
    REQUIRE(!rp);
    CHECK(rp.error().code == Errc::wrong_key);
    CHECK(rp.error().message.find(upper(v.get("RP_VMK_GUID"))) != std::string::npos);

    Credential foreign_id = recovery_credential(v.get("RP"));
    foreign_id.key_id = *KeyId::parse(other.get("RP_VMK_GUID"));
    auto fid = unlock_volume(*src, info, foreign_id);
    REQUIRE(!fid);
    CHECK(fid.error().code == Errc::wrong_key);
    CHECK(fid.error().message.find("different volume") != std::string::npos);

    auto bek = unlock_volume(*src, info, bek_credential(testdata_dir() + "/4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK"));
    REQUIRE(!bek);
    CHECK(bek.error().code == Errc::wrong_key);

    Credential clear;
    clear.kind = Credential::Kind::clear_key;
    auto ck = unlock_volume(*src, info, clear);
    REQUIRE(!ck);
    CHECK(ck.error().code == Errc::wrong_key);
    CHECK(ck.error().message.find("no clear key protector") != std::string::npos);
}

TEST_CASE("the smart-card protector is reported as not usable offline", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128-smart-card");
    auto [src, info] = open_raw_volume(v.path);
    Credential c = password_credential("anything");
    c.key_id = *KeyId::parse(v.get("SC_VMK_GUID"));
    auto r = unlock_volume(*src, info, c);
    REQUIRE(!r);
    CHECK(r.error().code == Errc::unsupported);
    auto advice = offline_advice(info);
    bool names_rp = false;
    for (const auto& a : advice) names_rp = names_rp || a.find(upper(v.get("RP_VMK_GUID"))) != std::string::npos;
    CHECK(names_rp);
}

TEST_CASE("a raw FVEK opens the volume and a wrong or mis-sized one is refused", "[volume]") {
    for (const char* name : {"bitlk-aes-xts-256", "bitlk-aes-cbc-elephant-128"}) {
        const TestVolume& v = test_volume(name);
        INFO(name);
        auto [src, info] = open_raw_volume(v.path);
        auto u = unlock_volume(*src, info, password_credential(v.get("PW")));
        REQUIRE(u);
        Credential fvek;
        fvek.kind = Credential::Kind::fvek;
        fvek.secret = u->keys.fvek;
        fvek.secret.append(u->keys.tweak.data(), u->keys.tweak.size());
        auto ok = unlock_volume(*src, info, fvek);
        REQUIRE(ok);
        CHECK(ok->keys.fvek == u->keys.fvek);

        fvek.secret[3] ^= 0x55;
        auto wrong = unlock_volume(*src, info, fvek);
        REQUIRE(!wrong);
        CHECK(wrong.error().code == Errc::wrong_key);

        fvek.secret.resize(fvek.secret.size() - 1);
        auto short_key = unlock_volume(*src, info, fvek);
        REQUIRE(!short_key);
        CHECK(short_key.error().code == Errc::malformed_key);
    }
}
