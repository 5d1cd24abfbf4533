#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

#include "../unit/test_keyfile_samples.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde::test;
using namespace keytest;

namespace {

void make_stick(const TempDir& d) {
    d.write(std::string("BitLocker Recovery Key ") + xts128.id + ".TXT", utf16le_bom(crlf(windows10_txt(xts128))));
    d.write(std::string("old/BitLocker Recovery Key ") + xts128.id + ".TXT", utf16le_bom(crlf(windows10_txt(xts128))));
    d.write("ad.csv", fmt::format("\"DistinguishedName\",\"msFVE-RecoveryPassword\"\n"
                                  "\"CN=2024-03-21T10:02:11-08:00{{{}}},CN=LAPTOP-042,DC=corp,DC=local\",\"{}\"\n"
                                  "\"CN=2024-03-22T10:02:11-08:00{{{}}},CN=LAPTOP-043,DC=corp,DC=local\",\"{}\"\n",
                                  cbc128.id, cbc128.rp, two_rp1.id, replace_all(two_rp1.rp, "478401", "478410")));
}

}  // namespace

TEST_CASE("bderescue keys scan --json lists keys with their sources, secrets only on request", "[cli][keys]") {
    TempDir d;
    make_stick(d);
    auto r = run_bderescue({"keys", "scan", "--json", d.path()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["keys"].size() == 2);
    auto& txt = j["keys"][0];
    CHECK(txt["kind"] == "recovery-password");
    CHECK(txt["key_id"] == xts128.id);
    CHECK(txt["source"] == d / (std::string("BitLocker Recovery Key ") + xts128.id + ".TXT"));
    CHECK(txt["line"] == 13);
    CHECK(txt["format"] == "windows-txt");
    CHECK(txt["computer"] == "");
    CHECK(txt["sources"].size() == 2);
    auto& csv = j["keys"][1];
    CHECK(csv["key_id"] == cbc128.id);
    CHECK(csv["computer"] == "LAPTOP-042");
    CHECK(csv["format"] == "ad-csv");
    CHECK(csv["line"] == 2);
    CHECK_FALSE(txt.contains("recovery_password"));
    CHECK(r.out.find(xts128.rp) == std::string::npos);
    // The mistyped key is a note with its line.
    REQUIRE(j["notes"].size() == 1);
    CHECK(j["notes"][0]["source"] == d / "ad.csv");
    CHECK(j["notes"][0]["line"] == 3);

    auto shown = run_bderescue({"keys", "scan", "--json", "--show-secrets", d.path()});
    REQUIRE(shown.exit_code == 0);
    auto s = nlohmann::json::parse(shown.out);
    CHECK(s["keys"][0]["recovery_password"] == xts128.rp);
    CHECK(s["keys"][1]["recovery_password"] == cbc128.rp);
}

TEST_CASE("bderescue keys scan prints keys, sources and notes for people", "[cli][keys]") {
    TempDir d;
    make_stick(d);
    auto r = run_bderescue({"keys", "scan", d.path()});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("Found 2 BitLocker keys") != std::string::npos);
    CHECK(r.out.find(xts128.id) != std::string::npos);
    CHECK(r.out.find("LAPTOP-042") != std::string::npos);
    CHECK(r.out.find("ad.csv:2") != std::string::npos);
    CHECK(r.out.find("also in") != std::string::npos);
    CHECK(r.out.find("Notes:") != std::string::npos);
    CHECK(r.out.find(xts128.rp) == std::string::npos);
    auto shown = run_bderescue({"keys", "scan", "--show-secrets", d.path()});
    CHECK(shown.out.find(xts128.rp) != std::string::npos);
}

TEST_CASE("bderescue keys scan exits 5 when nothing is found or a path is missing, 2 on usage errors", "[cli][keys]") {
    TempDir d;
    d.write("readme.txt", "nothing to see\n");
    auto none = run_bderescue({"keys", "scan", d.path()});
    CHECK(none.exit_code == 5);
    CHECK(none.out.find("No BitLocker keys found") != std::string::npos);
    auto none_json = run_bderescue({"keys", "scan", "--json", d.path()});
    CHECK(none_json.exit_code == 5);
    CHECK(nlohmann::json::parse(none_json.out)["keys"].empty());

    auto missing = run_bderescue({"keys", "scan", d / "no-such-stick"});
    CHECK(missing.exit_code == 5);
    CHECK(missing.err.find("does not exist") != std::string::npos);
    auto missing_json = run_bderescue({"keys", "scan", "--json", d / "no-such-stick"});
    CHECK(missing_json.exit_code == 5);
    CHECK(nlohmann::json::parse(missing_json.out)["error"]["code"] == "not-found");

    CHECK(run_bderescue({"keys", "scan"}).exit_code == 2);
    CHECK(run_bderescue({"keys"}).exit_code == 2);
    CHECK(run_bderescue({"keys", "scan", "--bogus", d.path()}).exit_code == 2);
    auto help = run_bderescue({"keys", "scan", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--show-secrets") != std::string::npos);
}

TEST_CASE("bderescue keys scan reads the real startup keys from the test data", "[cli][keys]") {
    std::string dir = std::getenv("BDERESCUE_TESTDATA_DIR") ? std::getenv("BDERESCUE_TESTDATA_DIR") : "";
    REQUIRE_FALSE(dir.empty());
    auto r = run_bderescue({"keys", "scan", "--json", dir + "/AA80A52B-9B66-47AE-B097-33F536FFBB07.BEK"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["keys"].size() == 1);
    CHECK(j["keys"][0]["kind"] == "startup-key");
    CHECK(j["keys"][0]["key_id"] == "AA80A52B-9B66-47AE-B097-33F536FFBB07");
    CHECK(j["keys"][0]["volume_id"] == "E8EA9756-9CC1-4CA2-B99D-FAE884F56150");
    CHECK(j["keys"][0]["format"] == "bek");
}

TEST_CASE("the demo key folder holds keys that match the real test volumes", "[cli][keys]") {
    const char* build = std::getenv("BDERESCUE_BUILD_DIR");
    std::string stick = std::string(build ? build : BDERESCUE_BINARY_DIR) + "/demo/stick";
    INFO("build the demo-keys target first (part of the default build)");
    REQUIRE(std::filesystem::is_directory(stick));
    auto r = run_bderescue({"keys", "scan", "--json", "--show-secrets", stick});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["notes"].empty());
    REQUIRE(j["keys"].size() == 6);
    std::set<std::string> formats;
    for (const auto& k : j["keys"]) {
        formats.insert(k["format"].get<std::string>());
        // Each key is the recovery password the conf lists for that protector ID.
        bool matched = false;
        for (const auto& vol : test_volumes())
            for (const char* which : {"RP", "RP2"})
                if (!vol.get(which).empty() &&
                    bde::KeyId::parse(vol.get(std::string(which) + "_VMK_GUID")).value().str() == k["key_id"])
                    matched |= vol.get(which) == k["recovery_password"];
        CHECK(matched);
    }
    CHECK(formats == std::set<std::string>{"windows-txt", "ad-csv", "graph-json"});
}
