// bderescue unlock VOL --keys PATH: keys found in a folder are matched to the volume's protectors by key ID.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../unit/test_keyfile_samples.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde::test;
using namespace keytest;

namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string txt_name(const SampleKey& k) { return std::string("BitLocker Recovery Key ") + k.id + ".TXT"; }

// Keys for other volumes: another volume's .TXT, a .BEK for an unknown protector and an AD export of random keys.
void write_unrelated_keys(const TempDir& d) {
    d.write(txt_name(cbc128), utf16le_bom(crlf(windows10_txt(cbc128))));
    const std::uint8_t key[32] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
                                  7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
    KeyFactory f;
    std::string bek_id = f.guid();
    d.write("other/" + bek_id + ".BEK", bek_file(id_of(bek_id), key));
    std::string csv = "\"DistinguishedName\",\"msFVE-RecoveryPassword\"\n";
    for (int i = 0; i < 3; ++i)
        csv += fmt::format("\"CN=2024-03-2{}T10:02:11-08:00{{{}}},CN=PC-{},DC=corp,DC=local\",\"{}\"\n", i, f.guid(), i,
                           f.key());
    d.write("exports/ad.csv", csv);
}

}  // namespace

TEST_CASE("unlock --keys DIR opens the volume with the one key in the folder that matches it", "[cli][keys]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    REQUIRE(upper(v.get("RP_VMK_GUID")) == xts128.id);
    TempDir d;
    d.write(txt_name(xts128), utf16le_bom(crlf(windows10_txt(xts128))));
    write_unrelated_keys(d);

    auto r = run_bderescue({"unlock", v.path, "--keys", d.path()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find(fmt::format("Found 6 keys in {}; the key with ID {} matches this volume (from {}, line 13)",
                                 d.path(), xts128.id, txt_name(xts128))) != std::string::npos);
    CHECK(r.out.find("Protector:     Recovery password " + std::string(xts128.id)) != std::string::npos);
    CHECK(r.out.find(cbc128.id) == std::string::npos);  // other volumes' keys are not mentioned

    auto j = nlohmann::json::parse(run_bderescue({"unlock", v.path, "--keys", d.path(), "--json"}).out);
    CHECK(j["unlocked"] == true);
    CHECK(j["credential"]["kind"] == "recovery password");
    CHECK(j["credential"]["origin"] == d / txt_name(xts128) + ":13");
    CHECK(j["protector"]["key_id"] == xts128.id);
    REQUIRE(j["key_search"].size() == 1);
    CHECK(j["key_search"][0].get<std::string>().find(xts128.id) != std::string::npos);
}

TEST_CASE("unlock --keys matches a list that gives only the first 8 characters of the key ID", "[cli][keys]") {
    const TestVolume& v = test_volume("bitlk-aes-cbc-128");
    TempDir d;
    d.write("account-page.txt", fmt::format("Device name\tKey ID\tRecovery key\tDrive\nPC-9\t{}\t{}\tOSV\n"
                                            "PC-1\t{}\t{}\tOSV\n",
                                            std::string(xts128.id).substr(0, 8), xts128.rp,
                                            std::string(cbc128.id).substr(0, 8), cbc128.rp));
    auto r = run_bderescue({"unlock", v.path, "--keys", d / "account-page.txt", "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["protector"]["key_id"] == cbc128.id);
    CHECK(j["key_search"][0].get<std::string>().find("the key with ID " + std::string(cbc128.id).substr(0, 8)) !=
          std::string::npos);
}

TEST_CASE("unlock --keys with no key for this volume exits 5 and lists the volume's key IDs", "[cli][keys]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    TempDir d;
    write_unrelated_keys(d);
    auto r = run_bderescue({"unlock", v.path, "--keys", d.path()});
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("Found 5 keys in " + d.path() + ", but none is for this volume") != std::string::npos);
    CHECK(r.err.find(xts128.id + std::string(" (Recovery password)")) != std::string::npos);

    auto j = nlohmann::json::parse(run_bderescue({"unlock", v.path, "--keys", d.path(), "--json"}).out);
    CHECK(j["error"]["code"] == "not-found");
    CHECK(j["error"]["message"].get<std::string>().find(xts128.id) != std::string::npos);

    TempDir empty;
    auto none = run_bderescue({"unlock", v.path, "--keys", empty.path()});
    CHECK(none.exit_code == 5);
    CHECK(none.err.find("No BitLocker key was found in " + empty.path()) != std::string::npos);
    CHECK(none.err.find(xts128.id) != std::string::npos);

    // A folder that is not there is reported before the volume is read.
    auto missing = run_bderescue({"unlock", v.path, "--keys", d / "no-such-folder"});
    CHECK(missing.exit_code == 5);
    CHECK(missing.err.find("no-such-folder") != std::string::npos);
}

TEST_CASE("unlock --keys keeps trying a typed key when the folder holds none for this volume", "[cli][keys]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    TempDir d;
    write_unrelated_keys(d);
    auto r = run_bderescue({"unlock", v.path, "--keys", d.path(), "--password", v.get("PW")});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("none matches this volume") != std::string::npos);
}

TEST_CASE("the .BEK files in the test data folder open the startup-key volumes through --keys", "[cli][keys]") {
    for (const char* name : {"bitlk-aes-xts-128-startup-key", "bitlk-aes-xts-128-startup-key-win11"}) {
        const TestVolume& v = test_volume(name);
        const std::string sk = upper(v.get("SK_VMK_GUID"));
        auto r = run_bderescue({"unlock", v.path, "--keys", testdata_dir(), "--json"});
        INFO(name << "\n" << r.out << r.err);
        REQUIRE(r.exit_code == 0);
        auto j = nlohmann::json::parse(r.out);
        CHECK(j["credential"]["kind"] == "startup key");
        CHECK(j["credential"]["origin"] == testdata_dir() + "/" + sk + ".BEK");
        CHECK(j["protector"]["type"] == "startup-key");
        CHECK(j["protector"]["key_id"] == sk);
        CHECK(j["key_search"][0].get<std::string>().find("the startup key with ID " + sk +
                                                         " matches this volume (from " + sk + ".BEK)") !=
              std::string::npos);
    }
}

TEST_CASE("image, copy and mount take --keys too: image VOL --keys DIR writes the exact decrypted volume", "[cli][keys]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128-startup-key");
    TempDir t;
    auto r = run_bderescue({"image", v.path, "--keys", testdata_dir(), "-o", t / "out.img"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("the startup key with ID " + upper(v.get("SK_VMK_GUID")) + " matches this volume") !=
          std::string::npos);
    CHECK(sha256_of_file(t / "out.img") == v.get("SHA256SUM"));

    TempDir none;
    auto missing = run_bderescue({"image", v.path, "--keys", none.path(), "-o", t / "none.img"});
    CHECK(missing.exit_code == 5);
    CHECK(missing.err.find(upper(v.get("SK_VMK_GUID"))) != std::string::npos);
}
