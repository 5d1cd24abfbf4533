// open_volume: our key layer plus libbde as second engine and checker, over every test volume.
#include <catch2/catch.hpp>

#include "bde/libbde_volume.hpp"
#include "bde/open_volume.hpp"
#include "bde/verify_against_libbde.hpp"
#include "run_cli.hpp"
#include "volume_test_helpers.hpp"

using namespace bde;
using namespace bde::test;

TEST_CASE("every test volume opens and is checked by libbde or by its boot sector", "[volume]") {
    int by_libbde = 0, checked = 0;
    for (const TestVolume& v : test_volumes()) {
        INFO(v.name);
        auto creds = credentials_of(v);
        std::vector<Credential> list;
        list.push_back(creds.front().credential);
        auto opened = open_volume({v.path}, list);
        REQUIRE(opened);
        CHECK(!opened->check.empty());
        CHECK(opened->volume->size() == opened->info.volume_size);
        by_libbde += opened->engine == Engine::libbde;
        checked += opened->checked_by_libbde;
        if (v.name == "bitlk-aes-xts-128") {
            CHECK(opened->engine == Engine::libbde);
            CHECK(opened->checked_by_libbde);
        }
    }
    // libbde 20190102 opens most of them itself; where it cannot, our keys let it check the data.
    CHECK(by_libbde >= 10);
    CHECK(checked >= by_libbde);
}

TEST_CASE("libbde checks our keys where it cannot use the credential itself", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128-two-recovery");
    auto opened = open_volume({v.path}, {recovery_credential(v.get("RP2"))});
    REQUIRE(opened);
    CHECK(opened->unlocked.protector.key_id.str() == upper(v.get("RP2_VMK_GUID")));
    CHECK(opened->engine == Engine::key_layer);  // libbde tries only the first recovery protector
    CHECK(opened->checked_by_libbde);
}

TEST_CASE("the first credential that works is used and a wrong one does not hide it", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-cbc-128");
    auto opened = open_volume({v.path}, {password_credential("nope"), recovery_credential(v.get("RP"))});
    REQUIRE(opened);
    CHECK(opened->credential_index == 1);
    auto none = open_volume({v.path}, {password_credential("nope"), password_credential("nope2")});
    REQUIRE(!none);
    CHECK(none.error().code == Errc::wrong_key);
    CHECK(none.error().detail.find("2 keys tried") != std::string::npos);
}

TEST_CASE("a volume inside a disk image opens at its byte offset with libbde checking", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    ScratchCopy dir(v.path);
    std::string disk = (dir.dir / "disk.img").string();
    auto dd = run_program({"dd", "if=" + v.path, "of=" + disk, "bs=1M", "seek=1", "conv=sparse", "status=none"});
    REQUIRE(dd.exit_code == 0);
    auto where = parse_volume_location(disk + "@1M");
    REQUIRE(where);
    CHECK(where->offset == 1048576);
    auto opened = open_volume(*where, {password_credential(v.get("PW"))});
    REQUIRE(opened);
    if (LibbdeVolume::supports_file_ranges()) {
        CHECK(opened->engine == Engine::libbde);
        CHECK(opened->checked_by_libbde);
    }
    CHECK(sha256_of_source(*opened->volume) == v.get("SHA256SUM"));
}

TEST_CASE("verification refuses a reader that differs from libbde", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-cbc-256");
    auto opened = open_volume({v.path}, {password_credential(v.get("PW"))});
    REQUIRE(opened);
    auto libbde = LibbdeVolume::open_with_credential({v.path}, password_credential(v.get("PW")));
    REQUIRE(libbde);
    CHECK(verify_against_libbde(*opened->volume, **libbde));
    // The raw (encrypted) volume in place of the decrypted one must fail, naming where.
    auto bad = verify_against_libbde(*opened->raw, **libbde);
    REQUIRE(!bad);
    CHECK(bad.error().code == Errc::verify_failed);
    CHECK(bad.error().detail.find("offset 0") != std::string::npos);
}
