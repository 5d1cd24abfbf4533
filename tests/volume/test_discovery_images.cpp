// Discovery on the Windows-made BitLocker volumes: bare, and copied into GPT and MBR disk images with
// 512- and 4096-byte sectors. Which partitions are BitLocker is decided here by the tests' own signature
// check, independent of the code under test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "discovery/scan.hpp"
#include "discovery/volume_order.hpp"
#include "disk_images.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::discovery;
using bde::test::DiskImageSpec;
using bde::test::TempDir;

namespace {

// "-FVE-FS-" at offset 3, or BitLocker To Go: "MSWIN4.1" at 3 and the BitLocker GUID
// 4967D63B-2E29-4AD8-8399-F6A339E3D001 at 424 (as stored on disk).
bool has_bitlocker_signature(const std::string& file, std::uint64_t offset) {
    std::ifstream in(file, std::ios::binary);
    std::array<char, 512> s{};
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in.read(s.data(), s.size())) return false;
    static const unsigned char to_go_guid[16] = {0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a,
                                                 0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01};
    if (std::memcmp(s.data() + 3, "-FVE-FS-", 8) == 0) return true;
    return std::memcmp(s.data() + 3, "MSWIN4.1", 8) == 0 && std::memcmp(s.data() + 424, to_go_guid, 16) == 0;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

const Partition* partition_number(const Disk& d, int n) {
    for (const auto& p : d.partitions)
        if (p.number == n) return &p;
    return nullptr;
}

// Checks what depends on the volume layer's read_volume_info: until it is merged (placeholder returns
// Errc::unsupported) only the error message is there; afterwards the metadata must match the volume.
void check_metadata(const Partition& p, const bde::test::TestVolume& v, VolumeKind kind) {
    CAPTURE(v.name, p.bitlocker_error);
    if (!p.bitlocker) {
        CHECK_FALSE(p.bitlocker_error.empty());
        return;
    }
    CHECK(p.bitlocker->volume_id.str() == upper(v.get("GUID")));
    CHECK(p.bitlocker->kind == kind);
}

}  // namespace

TEST_CASE("every Windows-made volume file is found as one BitLocker volume", "[volume][discovery]") {
    for (const auto& v : bde::test::test_volumes()) {
        CAPTURE(v.name);
        REQUIRE(has_bitlocker_signature(v.path, 0));
        auto disk = scan_path(v.path);
        REQUIRE(disk);
        CHECK(disk->partition_table.empty());
        REQUIRE(disk->partitions.size() == 1);
        const Partition& p = disk->partitions[0];
        CHECK(p.number == 0);
        CHECK(p.path == v.path);
        CHECK(p.offset == 0);
        CHECK(p.size == disk->size);
        CHECK(p.is_bitlocker);
        bool to_go = v.name.find("togo") != std::string::npos;
        check_metadata(p, v, to_go ? VolumeKind::bitlocker_to_go : VolumeKind::bitlocker);
    }
}

TEST_CASE("BitLocker volumes inside GPT and MBR disk images with 512 and 4096-byte sectors",
          "[volume][discovery]") {
    auto sector = GENERATE(512u, 4096u);
    auto label = GENERATE(std::string("gpt"), std::string("dos"));
    CAPTURE(sector, label);
    TempDir dir;
    const std::uint64_t mib = 1 << 20, per_mib = mib / sector;
    // A 4K-sector disk gets the volume Windows made on a 4K-sector disk.
    const auto& system = bde::test::test_volume(sector == 4096 ? "bitlk-aes-xts-128-4k" : "bitlk-aes-xts-128");
    const auto& to_go = bde::test::test_volume("bitlk-togo-aes-xts-128");
    REQUIRE(std::filesystem::file_size(system.path) == 100 * mib);
    REQUIRE(std::filesystem::file_size(to_go.path) == 100 * mib);

    // 1: FAT (a key stick partition), 2: BitLocker, then To Go as partition 3 (GPT) or logical 5 (MBR).
    DiskImageSpec spec{label, sector, 224 * mib, {}};
    std::string part1_type = label == "gpt" ? bde::test::gpt_basic_data : "c";
    std::string data_type = label == "gpt" ? bde::test::gpt_basic_data : "7";
    spec.partitions = {{1 * per_mib, 16 * per_mib, part1_type, "KEYS"},
                       {17 * per_mib, 100 * per_mib, data_type, "Basic data partition"}};
    int to_go_number = 3;
    if (label == "gpt") {
        spec.partitions.push_back({118 * per_mib, 100 * per_mib, data_type, "USB data"});
    } else {
        spec.partitions.push_back({118 * per_mib, 104 * per_mib, "5", ""});
        spec.partitions.push_back({119 * per_mib, 100 * per_mib, data_type, ""});
        to_go_number = 5;
    }
    std::string image = dir.file("disk.img");
    bde::test::make_disk_image(image, spec);
    std::string fat = dir.file("fat.img");
    bde::test::make_fat_image(fat, 16 * mib, "KEYS");
    bde::test::place_file(fat, image, 1 * mib);
    bde::test::place_file(system.path, image, 17 * mib);
    const std::uint64_t to_go_offset = (label == "gpt" ? 118 : 119) * mib;
    bde::test::place_file(to_go.path, image, to_go_offset);

    auto disk = scan_path(image);
    REQUIRE(disk);
    CHECK(disk->partition_table == label);
    CHECK(disk->logical_sector_size == sector);

    // Discovery flags exactly the partitions that carry the signature, at the places the table says.
    std::vector<int> flagged, signed_by_test;
    for (const auto& p : disk->partitions) {
        if (p.is_bitlocker) flagged.push_back(p.number);
        if (has_bitlocker_signature(image, p.offset)) signed_by_test.push_back(p.number);
    }
    CHECK(flagged == std::vector<int>{2, to_go_number});
    CHECK(flagged == signed_by_test);

    const Partition* fat_part = partition_number(*disk, 1);
    REQUIRE(fat_part);
    CHECK(fat_part->fs_type == "vfat");
    CHECK(fat_part->fs_label == "KEYS");

    const Partition* bl = partition_number(*disk, 2);
    REQUIRE(bl);
    CHECK(bl->path == image);
    CHECK(bl->offset == 17 * mib);
    CHECK(bl->path_offset == 17 * mib);
    CHECK(bl->size == 100 * mib);
    check_metadata(*bl, system, VolumeKind::bitlocker);

    const Partition* usb = partition_number(*disk, to_go_number);
    REQUIRE(usb);
    CHECK(usb->offset == to_go_offset);
    CHECK(usb->size == 100 * mib);
    check_metadata(*usb, to_go, VolumeKind::bitlocker_to_go);

    // The window opens onto the volume's own first sector.
    auto source = bl->open();
    REQUIRE(source);
    CHECK((*source)->size() == 100 * mib);
    std::array<std::uint8_t, 11> head{};
    REQUIRE((*source)->read_at(0, head));
    CHECK(std::memcmp(head.data() + 3, "-FVE-FS-", 8) == 0);

    Snapshot snapshot;
    snapshot.disks.push_back(*disk);
    auto order = bitlocker_volumes(snapshot);
    REQUIRE(order.size() == 2);
}

TEST_CASE("a volume written past the end of a truncated image is still listed, cut to what is there",
          "[volume][discovery]") {
    TempDir dir;
    const std::uint64_t mib = 1 << 20;
    std::string image = dir.file("cut.img");
    bde::test::make_disk_image(image, {"gpt", 512, 128 * mib, {{2048, 100 * 2048, bde::test::gpt_basic_data, ""}}});
    bde::test::place_file(bde::test::test_volume("bitlk-aes-cbc-128").path, image, 1 * mib);
    std::filesystem::resize_file(image, 60 * mib);  // as if the copy of the disk stopped early
    auto disk = scan_path(image);
    REQUIRE(disk);
    REQUIRE(disk->partitions.size() == 1);
    CHECK(disk->partitions[0].offset == 1 * mib);
    CHECK(disk->partitions[0].size == 59 * mib);
    CHECK(disk->partitions[0].is_bitlocker);
    REQUIRE(disk->notes.size() == 1);
    CHECK(disk->notes[0].find("Partition 1 reaches beyond the end") != std::string::npos);
}
