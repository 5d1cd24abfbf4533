// tools/make-test-volume.sh and tools/make-demo-disk.sh: the populated file systems, the GPT disk image
// (as sgdisk and blkid see it), and the demo with its Windows-style recovery-key file.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "run_cli.hpp"
#include "test_generator_support.hpp"

using namespace bde::test;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kPartitionStart = 34816;  // sectors: 1 MiB + the 16 MiB EFI system partition

CliResult run_script(const std::string& name, std::vector<std::string> args) {
    ::setenv("BDEGEN", bdegen_path().c_str(), 1);
    std::vector<std::string> argv{source_dir() + "/tools/" + name};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv);
}

std::string recovery_password(const nlohmann::json& keys) {
    for (const auto& p : keys["protectors"])
        if (p["type"] == "recovery_password") return p["recovery_password"];
    FAIL("no recovery password in the keys JSON");
    return {};
}

std::string ntfs_listing(const std::string& image, const std::string& dir) {
    CliResult r = run_program({"ntfsls", "-l", "-p", dir, image});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

// The ASCII text of a UTF-16LE file with a byte-order mark (REQUIREs the mark).
std::string utf16_ascii(const std::string& path) {
    auto bytes = read_file(path);
    REQUIRE(bytes.size() >= 2);
    REQUIRE(bytes[0] == 0xFF);
    REQUIRE(bytes[1] == 0xFE);
    std::string text;
    for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) text.push_back(static_cast<char>(bytes[i]));
    return text;
}

}  // namespace

TEST_CASE("make-test-volume.sh: NTFS profile with many files, a sparse 5 GiB file and a GPT disk image",
          "[generator][slow]") {
    ScratchDir dir;
    std::string out = dir / "ntfs";
    CliResult r = run_script("make-test-volume.sh", {"--user", "Tester", "--many-files", "300", "--sparse-file", "5G",
                                                      "--gpt", "--bek", out, "--", "--random-recovery-password", "--seed", "4"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("Credentials:           " + out + "/keys.json") != std::string::npos);
    auto keys = read_json(out + "/keys.json");

    // The file system holds the profile, Unicode names, empty files, the many files and the sparse file.
    std::string docs = ntfs_listing(out + "/plain.img", "/Users/Tester/Documents");
    CHECK(docs.find("Übersicht ñ 日本.txt") != std::string::npos);
    CHECK(std::regex_search(docs, std::regex(R"(\s0 [^\n]*Empty note\.txt)")));
    CHECK(ntfs_listing(out + "/plain.img", "/Users/Tester/Pictures/Holiday 2025").find("IMG_0006.jpg") != std::string::npos);
    CHECK(ntfs_listing(out + "/plain.img", "/Users/Tester/Videos").find("5368709120") != std::string::npos);
    std::string cache = ntfs_listing(out + "/plain.img", "/Users/Tester/AppData/Local/Cache/dir002");
    CHECK(cache.find("entry-00299.tmp") != std::string::npos);

    // The GPT disk: an EFI system partition, then the BitLocker volume as a Microsoft basic data partition.
    CliResult table = run_program({"sgdisk", "-p", out + "/disk.img"});
    INFO(table.out);
    CHECK(table.exit_code == 0);
    CHECK(std::regex_search(table.out, std::regex(R"(\n\s+1\s+2048\s+34815\s.*EF00)")));
    CHECK(std::regex_search(table.out, std::regex(R"(\n\s+2\s+34816\s+\d+\s.*0700\s+Basic data partition)")));
    CliResult probe = run_program({"blkid", "-p", "-O", std::to_string(kPartitionStart * 512), out + "/disk.img"});
    CHECK(probe.out.find("TYPE=\"BitLocker\"") != std::string::npos);
    CHECK(probe.out.find("PTTYPE") == std::string::npos);
    auto disk = read_file(out + "/disk.img");
    auto volume = read_file(out + "/volume.img");
    REQUIRE(disk.size() >= kPartitionStart * 512 + volume.size());
    CHECK(std::equal(volume.begin(), volume.end(), disk.begin() + kPartitionStart * 512));
    // Windows records the partition start in the volume header.
    CHECK((volume[28] | volume[29] << 8 | volume[30] << 16) == kPartitionStart);

    // The volume decrypts to the plaintext, straight from the disk image as well.
    std::string why;
    CHECK(dislocker_decrypt(out + "/disk.img", {Unlock::Kind::recovery_password, recovery_password(keys)}, dir / "d.img",
                            &why, kPartitionStart * 512));
    INFO(why);
    CHECK(files_equal(dir / "d.img", out + "/plain.img"));
    CHECK(fs::exists(out + "/stick/" + keys["protectors"][1]["key_id"].get<std::string>() + ".BEK"));
}

TEST_CASE("make-test-volume.sh: FAT32 volume opens in libbde", "[generator][slow]") {
    ScratchDir dir;
    std::string out = dir / "fat";
    CliResult r = run_script("make-test-volume.sh", {"--fs", "fat32", "--user", "Bob", out, "--", "--password", "pw-fat"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CliResult listing = run_program({"mdir", "-i", out + "/plain.img", "::/Users/Bob/Documents"});
    CHECK(listing.out.find("Übersicht ñ 日本.txt") != std::string::npos);
    auto data = libbde_read_all(out + "/volume.img", {Unlock::Kind::password, "pw-fat"});
    REQUIRE(data);
    CHECK(*data == read_file(out + "/plain.img"));
}

TEST_CASE("make-test-volume.sh: exFAT volume opens in dislocker", "[generator]") {
    ScratchDir dir;
    std::string out = dir / "exfat";
    CliResult r = run_script("make-test-volume.sh", {"--fs", "exfat", out, "--", "--password", "pw-exfat"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(run_program({"blkid", "-p", out + "/plain.img"}).out.find("TYPE=\"exfat\"") != std::string::npos);
    CHECK(dislocker_decrypt(out + "/volume.img", {Unlock::Kind::password, "pw-exfat"}, dir / "d.img"));
    CHECK(files_equal(dir / "d.img", out + "/plain.img"));
}

TEST_CASE("make-test-volume.sh refuses contradictory options", "[generator]") {
    ScratchDir dir;
    CHECK(run_script("make-test-volume.sh", {"--fs", "fat32", "--sparse-file", "5G", dir / "x"}).exit_code == 2);
    CHECK(run_script("make-test-volume.sh", {"--fs", "btrfs", dir / "x"}).exit_code == 2);
    CHECK(run_script("make-test-volume.sh", {"--gpt", "--sector-size", "4096", dir / "x"}).exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "x/volume.img"));
}

TEST_CASE("make-demo-disk.sh builds the demo once, with a Windows-style recovery key file", "[generator]") {
    ScratchDir dir;
    std::string out = dir / "demo";
    CliResult first = run_script("make-demo-disk.sh", {out});
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    REQUIRE(fs::exists(out + "/demo-disk.img"));
    REQUIRE(fs::exists(out + "/.demo-complete"));

    std::vector<fs::path> txts;
    for (const auto& e : fs::directory_iterator(out + "/stick")) txts.push_back(e.path());
    REQUIRE(txts.size() == 1);
    std::smatch m;
    std::string name = txts[0].filename().string();
    REQUIRE(std::regex_match(name, m, std::regex(R"(BitLocker Recovery Key ([0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12})\.TXT)")));
    std::string key_id = m[1];
    std::string text = utf16_ascii(txts[0].string());
    CHECK(text.find("Identifier:\r\n\r\n\t" + key_id + "\r\n") != std::string::npos);
    std::smatch k;
    REQUIRE(std::regex_search(text, k, std::regex(R"(Recovery Key:\r\n\r\n\t(\d{6}(-\d{6}){7})\r\n)")));
    std::string digits = k[1];

    // The key from the stick opens partition 2 of the demo disk, and the description names the laptop.
    std::string offset = std::to_string(kPartitionStart * 512);
    CliResult info = run_program({"bdeinfo", "-o", offset, "-r", digits, out + "/demo-disk.img"});
    INFO(info.out << info.err);
    CHECK(info.exit_code == 0);
    CHECK(info.out.find("DEMO-LAPTOP C: ") != std::string::npos);
    std::string id_lower = key_id;
    for (auto& c : id_lower) c = static_cast<char>(std::tolower(c));
    CHECK(info.out.find(id_lower) != std::string::npos);
    REQUIRE(dislocker_decrypt(out + "/demo-disk.img", {Unlock::Kind::password, "Alex-Laptop-2026"}, dir / "c.img",
                              nullptr, kPartitionStart * 512));
    CHECK(ntfs_listing(dir / "c.img", "/Users/Alex/Desktop").find("Notes.txt") != std::string::npos);
    CHECK(ntfs_listing(dir / "c.img", "/Users/Alex/Documents/Projects/Website").find("index.html") != std::string::npos);

    // A second run leaves the complete demo alone.
    auto before = fs::last_write_time(out + "/demo-disk.img");
    CliResult second = run_script("make-demo-disk.sh", {out});
    CHECK(second.exit_code == 0);
    CHECK(second.out.find("already") != std::string::npos);
    CHECK(fs::last_write_time(out + "/demo-disk.img") == before);
}
