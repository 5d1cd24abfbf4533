// Volumes written by bdegen, opened by two independent readers (libbde and dislocker, as Debian ships
// them): each must unlock with every protector it supports, and the decrypted volume must equal the
// plaintext image byte for byte.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "run_cli.hpp"
#include "testdata.hpp"
#include "test_generator_support.hpp"

using namespace bde::test;

namespace {

constexpr std::uint64_t kSize = 24 << 20;
constexpr const char* kRecovery = "235818-357951-253979-013365-241120-245575-342914-591910";
constexpr const char* kPassword = "Sommer2026!";

struct Generated {
    ScratchDir dir;
    std::string plain = dir / "plain.img";
    std::string volume = dir / "volume.img";
    std::string keys = dir / "keys.json";
    nlohmann::json json;

    std::string bek() const {
        for (const auto& p : json["protectors"])
            if (p["type"] == "startup_key") return p["bek_file"];
        FAIL("no startup key in the keys JSON");
        return {};
    }
};

// Plaintext NTFS volume wrapped by bdegen with the given extra arguments.
void generate(Generated& g, std::vector<std::string> args, unsigned sector_size = 512) {
    make_ntfs_plaintext(g.plain, kSize, sector_size);
    std::vector<std::string> all{"--plain", g.plain, "-o", g.volume, "--print-keys-json", g.keys, "--seed", "11"};
    all.insert(all.end(), args.begin(), args.end());
    run_bdegen(all);
    g.json = read_json(g.keys);
}

void require_libbde_identical(const Generated& g, const Unlock& unlock, const std::string& plain) {
    std::string why;
    auto data = libbde_read_all(g.volume, unlock, &why);
    INFO("libbde: " << why);
    REQUIRE(data);
    CHECK(*data == read_file(plain));
}

void require_dislocker_identical(const Generated& g, const Unlock& unlock, const std::string& plain) {
    std::string out = g.dir / "dislocker.img", why;
    bool ok = dislocker_decrypt(g.volume, unlock, out, &why);
    INFO("dislocker: " << why);
    REQUIRE(ok);
    CHECK(files_equal(out, plain));
}

void check_every_protector(const std::string& method) {
    Generated g;
    generate(g, {"--method", method, "--recovery-password", kRecovery, "--password", kPassword, "--bek-dir", g.dir.path()});
    CHECK(g.json["method"] == method);
    const Unlock recovery{Unlock::Kind::recovery_password, kRecovery};
    const Unlock password{Unlock::Kind::password, kPassword};
    const Unlock bek{Unlock::Kind::startup_key_file, g.bek()};
    for (const Unlock& u : {recovery, password, bek}) {
        require_libbde_identical(g, u, g.plain);
        require_dislocker_identical(g, u, g.plain);
    }
}

}  // namespace

TEST_CASE("generated AES-XTS-128 volume: libbde and dislocker open every protector, data identical",
          "[generator][slow]") {
    check_every_protector("aes-xts-128");
}

TEST_CASE("generated AES-CBC-128 volume: libbde and dislocker open every protector, data identical",
          "[generator][slow]") {
    check_every_protector("aes-cbc-128");
}

TEST_CASE("generated AES-CBC-256 volume: libbde and dislocker open every protector, data identical",
          "[generator][slow]") {
    check_every_protector("aes-cbc-256");
}

TEST_CASE("generated AES-XTS-256 volume: dislocker opens it, libbde only where it supports XTS-256", "[generator]") {
    Generated g;
    generate(g, {"--method", "aes-xts-256", "--recovery-password", kRecovery});
    const Unlock recovery{Unlock::Kind::recovery_password, kRecovery};
    require_dislocker_identical(g, recovery, g.plain);
    std::string why;
    auto data = libbde_read_all(g.volume, recovery, &why);
    if (libbde_is_20190102()) {
        // Known limitation of bookworm's libbde (DESIGN.md), as with the Windows-made XTS-256 volume.
        CHECK_FALSE(data);
    } else {
        REQUIRE(data);
        CHECK(*data == read_file(g.plain));
    }
}

TEST_CASE("generated volume with 4096-byte sectors opens in libbde and dislocker", "[generator]") {
    Generated g;
    generate(g, {"--sector-size", "4096", "--recovery-password", kRecovery}, 4096);
    CHECK(g.json["sector_size"] == 4096);
    const Unlock recovery{Unlock::Kind::recovery_password, kRecovery};
    require_libbde_identical(g, recovery, g.plain);
    require_dislocker_identical(g, recovery, g.plain);
}

TEST_CASE("generated volume around a FAT32 image opens in libbde and dislocker", "[generator]") {
    Generated g;
    make_fat_plaintext(g.plain, 40 << 20);
    run_bdegen({"--plain", g.plain, "-o", g.volume, "--method", "aes-cbc-128", "--password", kPassword, "--seed", "3"});
    const Unlock password{Unlock::Kind::password, kPassword};
    require_libbde_identical(g, password, g.plain);
    require_dislocker_identical(g, password, g.plain);
}

TEST_CASE("generated clear-key volume opens in dislocker without any secret", "[generator]") {
    Generated g;
    generate(g, {"--clear-key", "--random-recovery-password"});
    REQUIRE(g.json["protectors"].size() == 2);
    require_dislocker_identical(g, {Unlock::Kind::clear_key, ""}, g.plain);
    // The recovery password still works as well.
    std::string digits = g.json["protectors"][0]["recovery_password"];
    require_dislocker_identical(g, {Unlock::Kind::recovery_password, digits}, g.plain);
    if (libbde_is_20190102()) {
        // Windows 10 writes the clear-key VMK as entry version 3, which libbde 20190102 rejects.
        std::string why;
        CHECK_FALSE(libbde_read_all(g.volume, {Unlock::Kind::clear_key, ""}, &why));
        CHECK(why.find("version") != std::string::npos);
    }
}

TEST_CASE("generated volume with one damaged metadata copy still opens in dislocker", "[generator][slow]") {
    for (int copy = 1; copy <= 3; ++copy) {
        INFO("damaged copy " << copy);
        Generated g;
        generate(g, {"--recovery-password", kRecovery, "--damage-metadata", std::to_string(copy)});
        require_dislocker_identical(g, {Unlock::Kind::recovery_password, kRecovery}, g.plain);
        // The damaged copy really is damaged: its signature is gone.
        std::ifstream in(g.volume, std::ios::binary);
        in.seekg(static_cast<std::streamoff>(g.json["metadata_offsets"][copy - 1].get<std::uint64_t>()));
        char sig[8] = {};
        in.read(sig, 8);
        CHECK(std::string(sig, 8) != "-FVE-FS-");
    }
}

TEST_CASE("generated Windows 11 .BEK (180 bytes) opens in libbde, and in dislocker as well as Windows' own does",
          "[generator]") {
    Generated g;
    generate(g, {"--bek-dir", g.dir.path(), "--bek-win11"});
    CHECK(std::filesystem::file_size(g.bek()) == 180);
    const Unlock bek{Unlock::Kind::startup_key_file, g.bek()};
    require_libbde_identical(g, bek, g.plain);

    // dislocker 0.7.3 does not understand the Windows 11 layout: it must fare the same with ours as with
    // the Windows-made one (and open ours identically once it does).
    const TestVolume& windows = test_volume("bitlk-aes-xts-128-startup-key-win11");
    std::string key_id = windows.get("SK_VMK_GUID");
    for (auto& c : key_id) c = static_cast<char>(std::toupper(c));
    std::string windows_bek = testdata_dir() + "/" + key_id + ".BEK";
    bool windows_opens = dislocker_decrypt(windows.path, {Unlock::Kind::startup_key_file, windows_bek}, g.dir / "w.img");
    bool ours_opens = dislocker_decrypt(g.volume, bek, g.dir / "dislocker.img");
    CHECK(ours_opens == windows_opens);
    if (ours_opens) CHECK(files_equal(g.dir / "dislocker.img", g.plain));
}

TEST_CASE("bdeinfo shows the generated description, method and protector IDs", "[generator]") {
    Generated g;
    generate(g, {"--method", "aes-cbc-256", "--description", "DESKTOP-DEMO C: 11/25/2026", "--recovery-password",
                 kRecovery, "--password", kPassword});
    CliResult r = run_program({"bdeinfo", "-r", kRecovery, g.volume});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("DESKTOP-DEMO C: 11/25/2026") != std::string::npos);
    CHECK(r.out.find("AES-CBC 256-bit") != std::string::npos);
    std::string volume_id = g.json["volume_id"];
    for (auto& c : volume_id) c = static_cast<char>(std::tolower(c));
    CHECK(r.out.find(volume_id) != std::string::npos);
    for (const auto& p : g.json["protectors"]) {
        std::string id = p["key_id"];
        for (auto& c : id) c = static_cast<char>(std::tolower(c));
        CHECK(r.out.find(id) != std::string::npos);
    }
    CHECK(run_program({"bdeinfo", "-r", "235818-357951-253979-013365-241120-245575-342914-591921", g.volume}).exit_code != 0);
}
