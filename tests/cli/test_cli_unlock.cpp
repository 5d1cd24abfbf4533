// bderescue unlock / info: exit codes, messages and JSON on the Windows-made test volumes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde::test;

namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

TEST_CASE("unlock with the right password exits 0 and names protector and engine", "[cli]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    auto r = run_bderescue({"unlock", v.path, "--password", v.get("PW"), "--json"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["unlocked"] == true);
    CHECK(j["protector"]["type"] == "password");
    CHECK(j["protector"]["key_id"] == upper(v.get("PW_VMK_GUID")));
    CHECK(j["engine"] == "libbde");
    CHECK(j["checked_by_libbde"] == true);
    CHECK(j["filesystem"] == "NTFS");
    CHECK_FALSE(j.contains("recovery_password"));
    CHECK(j["volume"]["volume_id"] == upper(v.get("GUID")));
}

TEST_CASE("unlock --show-recovery-password recovers the 48 digits from a password", "[cli]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128-unicode");
    auto r = run_bderescue({"unlock", v.path, "--password", v.get("PW"), "--show-recovery-password"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find(v.get("RP")) != std::string::npos);
    auto j = nlohmann::json::parse(run_bderescue({"unlock", v.path, "-p", v.get("PW"), "--show-recovery-password", "--json"}).out);
    CHECK(j["recovery_password"] == v.get("RP"));
}

TEST_CASE("a wrong key exits 4 and a mistyped key exits 3, with different messages", "[cli]") {
    const TestVolume& v = test_volume("bitlk-aes-cbc-128");
    auto wrong = run_bderescue({"unlock", v.path, "--recovery-password", test_volume("bitlk-aes-xts-128").get("RP")});
    CHECK(wrong.exit_code == 4);
    CHECK(wrong.err.find("well-formed but does not open") != std::string::npos);

    auto bad_pw = run_bderescue({"unlock", v.path, "--password", "not-it", "--json"});
    CHECK(bad_pw.exit_code == 4);
    CHECK(nlohmann::json::parse(bad_pw.out)["error"]["code"] == "wrong-key");

    // Two bad groups: no guessing, just say which groups are wrong.
    auto mistyped = run_bderescue({"unlock", v.path, "-r", "042647-302313-590485-071500-554323-116567-412181-516987"});
    CHECK(mistyped.exit_code == 3);
    CHECK(mistyped.err.find("mistyped") != std::string::npos);
    CHECK(mistyped.err.find("group 3") != std::string::npos);
    CHECK(mistyped.err.find("group 8") != std::string::npos);

    // One bad group, but no correction opens this volume (it is another volume's key): still "mistyped".
    auto other = run_bderescue({"unlock", v.path, "-r", "235818-357951-253979-013365-241120-245575-342914-591901"});
    CHECK(other.exit_code == 3);
    CHECK(other.err.find("likely corrections") != std::string::npos);
}

TEST_CASE("a single mistyped group is corrected and the fix is reported", "[cli]") {
    const TestVolume& v = test_volume("bitlk-aes-cbc-128");
    std::string typo = v.get("RP");  // 042647-302313-590458-...: swap two digits of group 3
    std::swap(typo[17], typo[18]);
    auto r = run_bderescue({"unlock", v.path, "-r", typo, "--json"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["corrections"].size() == 1);
    CHECK(j["corrections"][0].get<std::string>().find("group 3") != std::string::npos);
    CHECK(j["protector"]["type"] == "recovery-password");
}

TEST_CASE("startup key, clear key, password from standard input and raw FVEK", "[cli]") {
    const TestVolume& sk = test_volume("bitlk-aes-xts-128-startup-key-win11");
    std::string bek = testdata_dir() + "/" + upper(sk.get("SK_VMK_GUID")) + ".BEK";
    auto r = run_bderescue({"unlock", sk.path, "--bek", bek, "--json"});
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)["protector"]["type"] == "startup-key");

    const TestVolume& ck = test_volume("bitlk-aes-xts-128-clearkey-only");
    auto c = run_bderescue({"unlock", ck.path, "--clear-key", "--json"});
    REQUIRE(c.exit_code == 0);
    auto cj = nlohmann::json::parse(c.out);
    CHECK(cj["protector"]["type"] == "clear-key");
    CHECK(cj["engine"] == "key-layer");  // libbde 20190102 cannot read clear-key volumes

    const TestVolume& pw = test_volume("bitlk-aes-xts-128-unicode");
    auto s = run_bderescue({"unlock", pw.path, "--password", "-"}, pw.get("PW") + "\n");
    CHECK(s.exit_code == 0);

    auto not_bek = run_bderescue({"unlock", pw.path, "--bek", pw.path});
    CHECK(not_bek.exit_code == 3);
    auto bad_hex = run_bderescue({"unlock", pw.path, "--fvek", "12345"});
    CHECK(bad_hex.exit_code == 3);
    auto wrong_fvek = run_bderescue({"unlock", pw.path, "--fvek", std::string(64, 'a')});
    CHECK(wrong_fvek.exit_code == 4);
}

TEST_CASE("unlock without a key or on a non-BitLocker file explains itself", "[cli]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    auto none = run_bderescue({"unlock", v.path});
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("--recovery-password") != std::string::npos);
    auto plain = run_bderescue({"unlock", BDERESCUE_TESTDATA_CONF, "-p", "x"});
    CHECK(plain.exit_code == 6);
    auto missing = run_bderescue({"unlock", "/nonexistent/disk.img", "-p", "x"});
    CHECK(missing.exit_code == 5);
}

TEST_CASE("info prints the volume and its JSON object", "[cli]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128-smart-card");
    auto human = run_bderescue({"info", v.path});
    REQUIRE(human.exit_code == 0);
    CHECK(human.out.find("Smart card") != std::string::npos);
    CHECK(human.out.find("cannot be used offline") != std::string::npos);
    auto r = run_bderescue({"info", v.path, "--json"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"device", "offset", "size", "kind", "state", "method", "description", "volume_id",
                            "created", "protectors"})
        CHECK(j.contains(key));
    CHECK(j["method"] == "aes-xts-128");
    CHECK(j["kind"] == "bitlocker");
    REQUIRE(j["protectors"].size() == 2);
    CHECK(j["protectors"][0]["type"] == "smart-card");
    CHECK(j["protectors"][1]["key_id"] == upper(v.get("RP_VMK_GUID")));

    auto togo = nlohmann::json::parse(run_bderescue({"info", test_volume("bitlk-togo-aes-cbc-128").path, "--json"}).out);
    CHECK(togo["kind"] == "bitlocker-to-go");
    CHECK(run_bderescue({"info", BDERESCUE_TESTDATA_CONF}).exit_code == 6);
    CHECK(run_bderescue({"info", v.path + "@12x"}).exit_code == 2);
}
