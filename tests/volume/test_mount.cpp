// Read-only mounts of plain NTFS, FAT32 and exFAT images through our FUSE file and the well-kept
// drivers; the source must come out unchanged and nothing may stay mounted.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <cstring>
#include <fstream>

#include "fs_images.hpp"
#include "io/faulty_source.hpp"
#include "io/file_source.hpp"
#include "mount/fs_detect.hpp"
#include "mount/mounted_volume.hpp"
#include "mount/unmount.hpp"
#include "mount/volume_fuse.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::test;
namespace fs = std::filesystem;


TEST_CASE("the FUSE file shows the source byte for byte and refuses writes", "[mount]") {
    MountScratchDir dir;
    write_random_file(dir / "src.img", 3 << 20, 7);
    std::string before = sha256_of_file(dir / "src.img");
    fs::create_directories(dir / "m");
    {
        auto fuse = VolumeFuse::start(open_image_source(dir / "src.img"), dir / "m");
        REQUIRE(fuse);
        std::string file = (*fuse)->file_path();
        CHECK(fs::file_size(file) == 3u << 20);
        CHECK(sha256_of_file(file) == before);
        errno = 0;
        CHECK(::open(file.c_str(), O_RDWR) < 0);
        CHECK(errno == EROFS);
        CHECK(::open(file.c_str(), O_WRONLY | O_TRUNC) < 0);
        CHECK(::open((dir / "m/other").c_str(), O_WRONLY | O_CREAT, 0644) < 0);
        CHECK(is_mount_point(dir / "m"));
    }
    CHECK(!is_mount_point(dir / "m"));
    CHECK(sha256_of_file(dir / "src.img") == before);
}

TEST_CASE("the FUSE file passes read errors of the source through as EIO", "[mount]") {
    MountScratchDir dir;
    write_random_file(dir / "src.img", 1 << 20, 8);
    auto faulty = std::make_shared<FaultySource>(open_image_source(dir / "src.img"));
    faulty->add_bad_sectors(100, 1);
    fs::create_directories(dir / "m");
    VolumeFuse::Options opt;
    opt.direct_io = true;
    auto fuse = VolumeFuse::start(faulty, dir / "m", opt);
    REQUIRE(fuse);
    int fd = ::open((*fuse)->file_path().c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    std::vector<char> buf(512);
    CHECK(::pread(fd, buf.data(), 512, 99 * 512) == 512);
    errno = 0;
    CHECK(::pread(fd, buf.data(), 512, 100 * 512) < 0);
    CHECK(errno == EIO);
    CHECK(::pread(fd, buf.data(), 512, 101 * 512) == 512);
    ::close(fd);
}

TEST_CASE("file systems are told apart by their boot sector", "[mount]") {
    MountScratchDir dir;
    make_ntfs_image(dir / "ntfs.img", 16 << 20, [](const std::string&) {});
    make_fat32_image(dir / "fat.img", 40 << 20, [](const std::string&) {});
    { std::ofstream(dir / "ex.img"); }
    fs::resize_file(dir / "ex.img", 16 << 20);
    REQUIRE(run_program({"mkfs.exfat", dir / "ex.img"}).exit_code == 0);
    write_random_file(dir / "noise.img", 1 << 20, 9);
    CHECK(*detect_filesystem(*open_image_source(dir / "ntfs.img")) == FsType::ntfs);
    CHECK(*detect_filesystem(*open_image_source(dir / "fat.img")) == FsType::fat32);
    CHECK(*detect_filesystem(*open_image_source(dir / "ex.img")) == FsType::exfat);
    CHECK(*detect_filesystem(*open_image_source(dir / "noise.img")) == FsType::unknown);
    std::vector<std::uint8_t> fve(512, 0);
    std::memcpy(fve.data() + 3, "-FVE-FS-", 8);
    CHECK(detect_filesystem(fve) == FsType::bitlocker);
}

TEST_CASE("an NTFS image mounts read-only, shows its files and unmounts without a trace", "[mount][slow]") {
    MountScratchDir dir;
    make_ntfs_image(dir / "ntfs.img", 64 << 20, [](const std::string& root) { populate_user_tree(root, 20); });
    std::string before = sha256_of_file(dir / "ntfs.img");
    std::string runtime;
    {
        MountRequest req;
        req.mountpoint = dir / "files";
        auto m = MountedVolume::mount(open_image_source(dir / "ntfs.img"), req);
        REQUIRE(m);
        runtime = (*m)->runtime_dir();
        CHECK((*m)->fs_type() == FsType::ntfs);
        CHECK(fs::is_directory(runtime));
        CHECK(file_text(dir / "files/Users/Alice/Documents/letter.txt") == "Dear Bob,\nthe files are safe.\n");
        CHECK(fs::exists(dir / "files/Users/Alice/Pictures/Ünïcödé ÆØÅ 日本語/photo 1.jpg"));
        CHECK(fs::is_symlink(dir / "files/Users/Alice/AppData/Application Data"));
        CHECK(::open((dir / "files/Users/Bob/new.txt").c_str(), O_WRONLY | O_CREAT, 0644) < 0);
        CHECK(errno == EROFS);
        CHECK((*m)->still_mounted());
    }
    CHECK(!is_mount_point(dir / "files"));
    CHECK(!fs::exists(runtime));
    CHECK(sha256_of_file(dir / "ntfs.img") == before);
}

TEST_CASE("FAT32 and exFAT images mount read-only too", "[mount][slow]") {
    MountScratchDir dir;
    make_fat32_image(dir / "fat.img", 40 << 20, [](const std::string& root) {
        fs::create_directories(root + "/Users/Carol");
        write_text_file(root + "/Users/Carol/Long file name.txt", "carol");
    });
    { std::ofstream(dir / "ex.img"); }
    fs::resize_file(dir / "ex.img", 16 << 20);
    REQUIRE(run_program({"mkfs.exfat", dir / "ex.img"}).exit_code == 0);
    std::string fat_before = sha256_of_file(dir / "fat.img");
    std::string ex_before = sha256_of_file(dir / "ex.img");
    {
        auto fat = MountedVolume::mount(open_image_source(dir / "fat.img"), {});
        REQUIRE(fat);
        CHECK((*fat)->fs_type() == FsType::fat32);
        CHECK(file_text((*fat)->mountpoint() + "/Users/Carol/Long file name.txt") == "carol");
        auto ex = MountedVolume::mount(open_image_source(dir / "ex.img"), {});
        REQUIRE(ex);
        CHECK((*ex)->fs_type() == FsType::exfat);
        CHECK(fs::is_empty((*ex)->mountpoint()));
        CHECK(::mkdir(((*ex)->mountpoint() + "/new").c_str(), 0755) != 0);
    }
    CHECK(sha256_of_file(dir / "fat.img") == fat_before);
    CHECK(sha256_of_file(dir / "ex.img") == ex_before);
}

TEST_CASE("a runtime folder left by a dead process is cleaned on the next start", "[mount]") {
    MountScratchDir dir;
    std::string root = dir / "run";
    std::string rec = root + "/mounts/deadbeef";
    fs::create_directories(rec + "/dev");
    write_text_file(rec + "/owner", "999999999 12345\n");  // no such process
    write_text_file(rec + "/mountpoint", dir / "gone");
    // A FUSE mount whose server is gone, like after kill -9 without the guardian.
    write_random_file(dir / "src.img", 1 << 20, 10);
    auto fuse = VolumeFuse::start(open_image_source(dir / "src.img"), rec + "/dev");
    REQUIRE(fuse);
    CHECK(is_mount_point(rec + "/dev"));
    auto live = list_mount_records(root);
    REQUIRE(live.size() == 1);
    CHECK(!live[0].owner_alive);
    clean_stale_mounts(root);
    CHECK(!is_mount_point(rec + "/dev"));
    CHECK(!fs::exists(rec));
}

// The runtime root is shared: the stick's data partition is mounted at /run/bderescue/stick and the rescue
// screen mounts destination drives under /run/bderescue/dest-PID. A cleanup once deleted both.
TEST_CASE("mounting and cleaning up touch nothing in the runtime root but their own records", "[mount]") {
    MountScratchDir dir;
    std::string root = dir / "run";
    for (const char* d : {"/stick", "/dest-1/sdz1/rescued/Documents", "/mounts/dead/files"})
        fs::create_directories(root + d);
    write_text_file(root + "/stick/README.TXT", "keys live here\n");
    write_text_file(root + "/stick/BitLocker Recovery Key 1234.TXT", "key\n");
    write_text_file(root + "/dest-1/sdz1/rescued/Documents/thesis.docx", "copied\n");
    write_text_file(root + "/bootinfo", "bderescue 0.1\n");
    // A record folder being set up by another process (no owner yet) and a dead one with something unexpected.
    fs::create_directories(root + "/mounts/settingup");
    write_text_file(root + "/mounts/dead/owner", "999999999 12345\n");
    write_text_file(root + "/mounts/dead/files/kept.txt", "not ours to delete\n");

    make_fat32_image(dir / "fat.img", 40 << 20, [](const std::string&) {});
    auto m = MountedVolume::mount(open_image_source(dir / "fat.img"), MountRequest{.runtime_root = root});
    REQUIRE(m);
    CHECK((*m)->runtime_dir().starts_with(root + "/mounts/"));
    (void)(*m)->unmount();
    clean_stale_mounts(root);

    CHECK(fs::exists(root + "/stick/README.TXT"));
    CHECK(fs::exists(root + "/stick/BitLocker Recovery Key 1234.TXT"));
    CHECK(fs::exists(root + "/dest-1/sdz1/rescued/Documents/thesis.docx"));
    CHECK(fs::exists(root + "/bootinfo"));
    CHECK(fs::exists(root + "/mounts/settingup"));
    CHECK(fs::exists(root + "/mounts/dead/files/kept.txt"));
    CHECK(!fs::exists(root + "/mounts/dead/owner"));
    CHECK(!fs::exists((*m)->runtime_dir()));
}
