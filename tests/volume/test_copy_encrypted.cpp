// Getting the data off generated BitLocker volumes (bdegen around our NTFS and FAT32 images), through the
// real CLI: copy, image and mount with a password, recovery key or .BEK. The volumes are never changed.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "fs_images.hpp"
#include "run_cli.hpp"
#include "test_generator_support.hpp"
#include "testdata.hpp"

using namespace bde::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kRecovery = "512446-719543-252186-349756-191939-481503-103180-686125";

}  // namespace

TEST_CASE("copy, image and mount get the files off an encrypted NTFS volume", "[copy][encrypted]") {
    MountScratchDir t;
    auto expected = make_profile_ntfs(t / "plain.img", 48 << 20, 30);
    fs::create_directories(t / "stick");
    run_bdegen({"--plain", t / "plain.img", "-o", t / "vol.img", "--password", "Geheim ÄÖÜ 1", "--recovery-password",
                kRecovery, "--bek-dir", t / "stick", "--seed", "5"});
    std::string before = sha256_of_file(t / "vol.img");

    auto copy = run_bderescue({"copy", t / "vol.img", "--password", "Geheim ÄÖÜ 1", "--to", t / "out", "--verify"});
    INFO(copy.out << copy.err);
    CHECK(copy.exit_code == 0);
    CHECK(copied_tree(t / "out") == expected);

    auto wrong = run_bderescue({"copy", t / "vol.img", "--password", "wrong", "--to", t / "out2"});
    CHECK(wrong.exit_code == 4);
    CHECK(!fs::exists(t / "out2"));

    auto image = run_bderescue({"image", t / "vol.img", "-r", kRecovery, "-o", t / "dec.img", "--mapfile", t / "dec.map"});
    CHECK(image.exit_code == 0);
    CHECK(sha256_of_file(t / "dec.img") == sha256_of_file(t / "plain.img"));

    std::string bek;
    for (const auto& e : fs::directory_iterator(t / "stick"))
        if (e.path().extension() == ".BEK") bek = e.path().string();
    REQUIRE(!bek.empty());
    auto mount = run_bderescue({"mount", t / "vol.img", t / "files", "--bek", bek, "--background"});
    INFO(mount.err);
    REQUIRE(mount.exit_code == 0);
    CHECK(file_text(t / "files/Users/Alice/Documents/letter.txt") == "Dear Bob,\nthe files are safe.\n");
    CHECK(run_bderescue({"umount", t / "files"}).exit_code == 0);
    CHECK(mounts_below(t.path()).empty());
    CHECK(sha256_of_file(t / "vol.img") == before);
}

TEST_CASE("copying off an encrypted FAT32 volume keeps the real file dates", "[copy][encrypted]") {
    MountScratchDir t;
    std::map<std::string, std::int64_t> dates;
    make_fat32_image(t / "plain.img", 40 << 20, [&](const std::string& root) {
        fs::create_directories(root + "/Users/Eve/Documents");
        const char* stamps[] = {"2024-01-15 10:00:00", "2023-06-30 08:00:02", "2024-12-20 23:30:10"};
        for (int i = 0; i < 3; ++i) {
            std::string f = root + "/Users/Eve/Documents/file " + std::to_string(i) + ".txt";
            write_text_file(f, "content " + std::to_string(i));
            REQUIRE(run_program({"touch", "-d", stamps[i], f}).exit_code == 0);
            struct stat st{};
            REQUIRE(::stat(f.c_str(), &st) == 0);
            dates["Users/Eve/Documents/file " + std::to_string(i) + ".txt"] = st.st_mtime;
        }
    });
    run_bdegen({"--plain", t / "plain.img", "-o", t / "vol.img", "--recovery-password", kRecovery, "--seed", "6"});
    auto copy = run_bderescue({"copy", t / "vol.img", "-r", kRecovery, "--to", t / "out"});
    INFO(copy.out << copy.err);
    CHECK(copy.exit_code == 0);
    for (const auto& [path, when] : dates) {
        INFO(path);
        struct stat st{};
        REQUIRE(::stat((t / ("out/" + path)).c_str(), &st) == 0);
        CHECK(st.st_mtime == when);
    }
}
