// Discovery on this machine's real disks and on loop devices set up for the test.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "discovery/scan.hpp"
#include "discovery/sysfs_disks.hpp"
#include "disk_images.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::discovery;
namespace fs = std::filesystem;

namespace {

std::string sysfs_text(const std::string& path) {
    std::ifstream in(path);
    std::string s;
    std::getline(in, s);
    return s;
}

// A read-only loop device over an image file, detached again whatever happens.
class LoopDevice {
public:
    explicit LoopDevice(const std::string& image) {
        auto r = bde::test::run_program({"losetup", "--read-only", "--partscan", "--find", "--show", image});
        if (r.exit_code == 0 && r.out.starts_with("/dev/loop")) path_ = r.out.substr(0, r.out.find('\n'));
    }
    ~LoopDevice() {
        if (!path_.empty()) bde::test::run_program({"losetup", "--detach", path_});
    }
    LoopDevice(const LoopDevice&) = delete;
    LoopDevice& operator=(const LoopDevice&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// A read-only mount of an image, unmounted again whatever happens.
class LoopMount {
public:
    LoopMount(const std::string& image, const std::string& dir) : dir_(dir) {
        fs::create_directories(dir);
        mounted_ = bde::test::run_program({"mount", "-o", "ro,loop", image, dir}).exit_code == 0;
    }
    ~LoopMount() {
        if (mounted_) bde::test::run_program({"umount", dir_});
    }
    LoopMount(const LoopMount&) = delete;
    LoopMount& operator=(const LoopMount&) = delete;
    bool mounted() const { return mounted_; }

private:
    std::string dir_;
    bool mounted_ = false;
};

const Disk* disk_at(const Snapshot& s, const std::string& path) {
    for (const auto& d : s.disks)
        if (d.path == path) return &d;
    return nullptr;
}

}  // namespace

TEST_CASE("the machine's disks are the ones in /sys/block", "[volume][discovery]") {
    Snapshot snapshot = scan_machine();
    std::set<std::string> scanned;
    for (const auto& d : snapshot.disks) {
        std::string name = fs::path(d.path).filename().string();
        scanned.insert(name);
        // Loop devices belong to tests running alongside, which attach and detach them at any moment.
        if (d.transport == "loop") continue;
        std::string sys = "/sys/block/" + name;
        CAPTURE(d.path);
        REQUIRE(fs::exists(sys));
        CHECK(d.size == std::stoull(sysfs_text(sys + "/size")) * 512);
        CHECK(d.logical_sector_size == std::stoul(sysfs_text(sys + "/queue/logical_block_size")));
        CHECK(d.read_only == (sysfs_text(sys + "/ro") == "1"));
        CHECK_FALSE(d.model.empty());
        CHECK_FALSE(name.starts_with("ram"));
        CHECK_FALSE(name.starts_with("zram"));
        // Each listed disk was either read or says why not.
        CHECK((d.error.empty() || d.partitions.empty()));
    }
    // Every real disk with media is listed; loop devices come and go with other tests.
    for (const auto& entry : fs::directory_iterator("/sys/block")) {
        std::string name = entry.path().filename().string();
        if (name.starts_with("loop") || name.starts_with("ram") || name.starts_with("zram")) continue;
        if (name.starts_with("dm-") && fs::is_empty(entry.path() / "slaves")) continue;
        if (sysfs_text(entry.path() / "hidden") == "1" || sysfs_text(entry.path() / "size") == "0") continue;
        CAPTURE(name);
        CHECK(scanned.count(name) == 1);
    }
}

TEST_CASE("a loop device over a disk image shows its partitions and BitLocker volume", "[volume][discovery]") {
    bde::test::TempDir dir;
    const std::uint64_t mib = 1 << 20;
    std::string image = dir.file("disk.img");
    bde::test::make_disk_image(image, {"gpt", 512, 128 * mib,
                                       {{2048, 8 * 2048, bde::test::gpt_efi_system, "EFI"},
                                        {10 * 2048, 100 * 2048, bde::test::gpt_basic_data, "Basic data partition"}}});
    bde::test::place_file(bde::test::test_volume("bitlk-aes-xts-128").path, image, 10 * mib);

    LoopDevice loop(image);
    if (loop.path().empty()) {
        WARN("no loop device available: skipped");
        return;
    }
    std::string name = fs::path(loop.path()).filename().string();
    // With partition scanning the kernel makes loopNp2; without it the disk is read at the offset.
    bool kernel_partitions = fs::exists("/sys/block/" + name + "/" + name + "p2");

    for (int round = 0; round < 2; ++round) {
        Disk disk;
        if (round == 0) {
            Snapshot snapshot = scan_machine();
            const Disk* found = disk_at(snapshot, loop.path());
            REQUIRE(found);
            disk = *found;
        } else {
            auto by_path = scan_path(loop.path());
            REQUIRE(by_path);
            disk = *by_path;
        }
        CAPTURE(round, disk.error);
        CHECK(disk.transport == "loop");
        CHECK(disk.model.find(image) != std::string::npos);
        CHECK(disk.read_only);
        CHECK(disk.size == 128 * mib);
        CHECK(disk.partition_table == "gpt");
        REQUIRE(disk.partitions.size() == 2);
        const Partition& p = disk.partitions[1];
        CHECK(p.number == 2);
        CHECK(p.offset == 10 * mib);
        CHECK(p.size == 100 * mib);
        CHECK(p.is_bitlocker);
        CHECK_FALSE(disk.partitions[0].is_bitlocker);
        if (kernel_partitions) {
            CHECK(p.path == loop.path() + "p2");
            CHECK(p.path_offset == 0);
        } else {
            CHECK(p.path == loop.path());
            CHECK(p.path_offset == 10 * mib);
        }
    }
}

TEST_CASE("a mounted file system shows its mount point and free space", "[volume][discovery]") {
    bde::test::TempDir dir;
    std::string image = dir.file("ext4.img");
    { std::ofstream create(image); }
    fs::resize_file(image, 16 << 20);
    REQUIRE(bde::test::run_program({"mkfs.ext4", "-q", "-L", "DEST", image}).exit_code == 0);
    LoopMount mount(image, dir.file("mnt"));
    if (!mount.mounted()) {
        WARN("cannot mount a loop device here: skipped");
        return;
    }
    Snapshot snapshot = scan_machine();
    const Partition* found = nullptr;
    for (const auto& d : snapshot.disks)
        if (d.model.find(image) != std::string::npos && !d.partitions.empty()) found = &d.partitions[0];
    REQUIRE(found);
    CHECK(found->number == 0);
    CHECK(found->fs_type == "ext4");
    CHECK(found->fs_label == "DEST");
    CHECK(found->mountpoint == dir.file("mnt"));
    REQUIRE(found->free_bytes);
    REQUIRE(found->fs_size);
    CHECK(*found->free_bytes > 0);
    CHECK(*found->free_bytes <= *found->fs_size);
    CHECK(*found->fs_size <= 16u << 20);
}
