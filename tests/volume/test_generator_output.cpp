// What bdegen writes, checked without a third-party reader: reproducibility with --seed, the paused
// (partly encrypted) layout, and its refusals.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "run_cli.hpp"
#include "test_generator_support.hpp"
#include "util/error.hpp"

using namespace bde::test;

namespace {

constexpr std::uint64_t kSize = 24 << 20;
constexpr const char* kRecovery = "235818-357951-253979-013365-241120-245575-342914-591910";

}  // namespace

TEST_CASE("bdegen output is reproducible with --seed and random without it", "[generator][slow]") {
    ScratchDir dir;
    std::string plain = dir / "plain.img";
    make_ntfs_plaintext(plain, kSize);
    auto gen = [&](const std::string& name, std::vector<std::string> extra) {
        std::filesystem::create_directory(dir / name);
        std::vector<std::string> args{"--plain", plain, "-o", dir / (name + ".img"), "--print-keys-json",
                                      dir / (name + ".json"), "--random-recovery-password", "--password", "pw",
                                      "--bek-dir", dir / name};
        args.insert(args.end(), extra.begin(), extra.end());
        run_bdegen(args);
        return read_json(dir / (name + ".json"));
    };
    auto a = gen("a", {"--seed", "5"});
    auto b = gen("b", {"--seed", "5"});
    auto c = gen("c", {"--seed", "6"});
    auto d = gen("d", {});

    CHECK(files_equal(dir / "a.img", dir / "b.img"));
    // Every key, ID and credential agrees; only the .BEK paths differ (different directories).
    auto without_paths = [](nlohmann::json j) {
        for (auto& p : j["protectors"]) p.erase("bek_file");
        return j;
    };
    CHECK(without_paths(a) == without_paths(b));
    CHECK(a["fvek"] == b["fvek"]);
    std::string bek = a["protectors"][2]["key_id"].get<std::string>() + ".BEK";
    CHECK(files_equal(dir / ("a/" + bek), dir / ("b/" + bek)));

    CHECK(a["volume_id"] != c["volume_id"]);
    CHECK(a["fvek"] != c["fvek"]);
    CHECK_FALSE(files_equal(dir / "a.img", dir / "c.img"));
    CHECK(a["volume_id"] != d["volume_id"]);
    CHECK(a["protectors"][0]["recovery_password"] != d["protectors"][0]["recovery_password"]);

    // Whatever the seed, the volume decrypts back to the plaintext.
    CHECK(reference_decrypt(dir / "c.img", reference_layout_from_keys(c)) == read_file(plain));
}

TEST_CASE("bdegen paused volume: only the first N bytes are encrypted, the header says so", "[generator]") {
    ScratchDir dir;
    std::string plain = dir / "plain.img", volume = dir / "paused.img", keys = dir / "keys.json";
    make_ntfs_plaintext(plain, kSize);
    const std::uint64_t converted = 6 << 20;
    run_bdegen({"--plain", plain, "-o", volume, "--print-keys-json", keys, "--recovery-password", kRecovery, "--state",
                "paused", "--encrypted-bytes", std::to_string(converted), "--seed", "2"});
    auto json = read_json(keys);
    CHECK(json["state"] == "paused");
    CHECK(json["encrypted_bytes"] == converted);

    auto raw = read_file(volume);
    auto text = read_file(plain);
    // The volume-type GUID of an unfinished conversion (92A84D3B-DD80-4D0E-9E4E-B1E3284EAED8).
    CHECK(raw[160] == 0x3B);
    CHECK(raw[161] == 0x4D);
    CHECK(raw[162] == 0xA8);
    CHECK(raw[163] == 0x92);
    const std::uint64_t first_metadata = json["metadata_offsets"][0];
    REQUIRE(first_metadata >= converted);  // the areas sit past the conversion point here
    std::uint64_t block_state = raw[first_metadata + 12];
    CHECK(block_state == 5);
    // Past the conversion point (outside the BitLocker areas) the plaintext is stored as it is.
    CHECK(std::equal(raw.begin() + converted, raw.begin() + first_metadata, text.begin() + converted));
    CHECK_FALSE(std::equal(raw.begin() + 8192, raw.begin() + converted, text.begin() + 8192));
    CHECK(reference_decrypt(volume, reference_layout_from_keys(json)) == text);
}

TEST_CASE("bdegen refuses unusable input with a message and the usage exit code", "[generator]") {
    ScratchDir dir;
    std::string plain = dir / "plain.img";
    make_ntfs_plaintext(plain, kSize);
    auto run = [&](std::vector<std::string> args) {
        std::vector<std::string> argv{bdegen_path()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_program(argv);
    };
    auto none = run({"--plain", plain, "-o", dir / "v.img"});
    CHECK(none.exit_code == bde::exit_code_for(bde::Errc::usage));
    CHECK(none.err.find("at least one protector") != std::string::npos);

    auto typo = run({"--plain", plain, "-o", dir / "v.img", "--recovery-password",
                     "235818-357951-253979-013365-241120-245575-342914-591911"});
    CHECK(typo.exit_code == bde::exit_code_for(bde::Errc::malformed_key));
    CHECK(typo.err.find("group 8") != std::string::npos);

    auto self = run({"--plain", plain, "-o", plain, "--password", "x"});
    CHECK(self.exit_code == bde::exit_code_for(bde::Errc::usage));
    CHECK(read_file(plain).size() == kSize);

    std::string odd = dir / "odd.img";
    make_empty_image(odd, (2 << 20) + 100);
    CHECK(run({"--plain", odd, "-o", dir / "v.img", "--password", "x"}).exit_code == bde::exit_code_for(bde::Errc::usage));

    auto paused = run({"--plain", plain, "-o", dir / "v.img", "--password", "x", "--state", "paused"});
    CHECK(paused.exit_code == bde::exit_code_for(bde::Errc::usage));
    CHECK(paused.err.find("--encrypted-bytes") != std::string::npos);
    CHECK(run({"--plain", plain, "-o", dir / "v.img", "--password", "x", "--encrypted-bytes", "4096"}).exit_code ==
          bde::exit_code_for(bde::Errc::usage));
    CHECK(run({"--plain", plain, "-o", dir / "v.img", "--password", "x", "--method", "aes-ecb"}).exit_code ==
          bde::exit_code_for(bde::Errc::usage));
    CHECK(run({"--plain", plain, "--password", "x"}).exit_code == bde::exit_code_for(bde::Errc::usage));  // no -o
    CHECK(run({"--help"}).exit_code == 0);
}
