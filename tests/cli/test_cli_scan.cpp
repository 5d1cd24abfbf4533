// `bderescue scan` on disk images holding the Windows-made BitLocker volumes.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "discovery/scan.hpp"
#include "disk_images.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde::test;
using nlohmann::json;

namespace {

constexpr std::uint64_t mib = 1 << 20;

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// A disk image: a FAT partition 1 at 1 MiB (16 MiB) and the named volume as partition 2 at 17 MiB.
std::string disk_with_volume(const TempDir& dir, const std::string& name, const std::string& label,
                             std::uint32_t sector, const std::string& volume) {
    const std::uint64_t per_mib = mib / sector;
    std::string image = dir.file(name);
    bool gpt = label == "gpt";
    make_disk_image(image, {label, sector, 128 * mib,
                            {{1 * per_mib, 16 * per_mib, gpt ? gpt_efi_system : "c", "EFI system partition"},
                             {17 * per_mib, 100 * per_mib, gpt ? gpt_basic_data : "7", "Basic data partition"}}});
    make_fat_image(dir.file("fat.img"), 16 * mib, "SYSTEM");
    place_file(dir.file("fat.img"), image, 1 * mib);
    if (!volume.empty()) place_file(test_volume(volume).path, image, 17 * mib);
    return image;
}

// What depends on the volume layer (read_volume_info): until it is merged, metadata fields are null and
// "error" says why; afterwards they must describe the volume that was copied in.
void check_metadata(const json& v, const TestVolume& volume, const std::string& kind) {
    CAPTURE(v.dump());
    if (v["description"].is_null()) {
        CHECK(v["error"].is_string());
        CHECK(v["protectors"].empty());
        return;
    }
    CHECK(v["kind"] == kind);
    CHECK(v["volume_id"] == upper(volume.get("GUID")));
    std::vector<std::string> ids;
    for (const auto& p : v["protectors"]) ids.push_back(p["key_id"]);
    for (const char* key : {"RP_VMK_GUID", "PW_VMK_GUID"})
        if (!volume.get(key).empty()) CHECK(std::count(ids.begin(), ids.end(), upper(volume.get(key))) == 1);
}

}  // namespace

TEST_CASE("bderescue scan --json finds the BitLocker partition of a disk image", "[cli][discovery]") {
    auto sector = GENERATE(512u, 4096u);
    auto label = GENERATE(std::string("gpt"), std::string("dos"));
    CAPTURE(sector, label);
    TempDir dir;
    std::string volume = sector == 4096 ? "bitlk-aes-xts-128-4k" : "bitlk-aes-xts-128";
    std::string image = disk_with_volume(dir, "disk.img", label, sector, volume);

    auto r = run_bderescue({"scan", "--json", image});
    CAPTURE(r.out, r.err);
    CHECK(r.exit_code == 0);
    json j = json::parse(r.out);
    REQUIRE(j["volumes"].size() == 1);
    const json& v = j["volumes"][0];
    CHECK(v["device"] == image);
    CHECK(v["offset"] == 17 * mib);
    CHECK(v["size"] == 100 * mib);
    CHECK(v["partition"] == 2);
    CHECK(v["disk"]["transport"] == "file");
    CHECK(v["disk"]["path"] == image);
    CHECK_FALSE(j.contains("disks"));  // only with --all
    check_metadata(v, test_volume(volume), "bitlocker");
}

TEST_CASE("bderescue scan takes several images, bare volumes included", "[cli][discovery]") {
    TempDir dir;
    std::string image = disk_with_volume(dir, "disk.img", "gpt", 512, "bitlk-aes-cbc-128");
    const auto& to_go = test_volume("bitlk-togo-aes-xts-128");
    auto r = run_bderescue({"scan", "--json", "--all", image, to_go.path});
    CAPTURE(r.out, r.err);
    CHECK(r.exit_code == 0);
    json j = json::parse(r.out);
    REQUIRE(j["volumes"].size() == 2);
    // Both on image files and of the same size: in the order the disks were given.
    CHECK(j["volumes"][0]["device"] == image);
    CHECK(j["volumes"][0]["partition"] == 2);
    CHECK(j["volumes"][1]["device"] == to_go.path);
    CHECK(j["volumes"][1]["offset"] == 0);
    CHECK(j["volumes"][1]["partition"] == 0);
    check_metadata(j["volumes"][1], to_go, "bitlocker-to-go");

    REQUIRE(j["disks"].size() == 2);
    const json& disk = j["disks"][0];
    CHECK(disk["partition_table"] == "gpt");
    REQUIRE(disk["partitions"].size() == 2);
    CHECK(disk["partitions"][0]["fs_type"] == "vfat");
    CHECK(disk["partitions"][0]["fs_label"] == "SYSTEM");
    CHECK(disk["partitions"][0]["bitlocker"] == false);
    CHECK(disk["partitions"][1]["bitlocker"] == true);
    CHECK(disk["partitions"][1]["type_name"] == "Microsoft basic data");
}

TEST_CASE("bderescue scan exits 6 when no BitLocker volume is there", "[cli][discovery]") {
    TempDir dir;
    std::string image = disk_with_volume(dir, "plain.img", "dos", 512, "");
    auto r = run_bderescue({"scan", "--json", image});
    CHECK(r.exit_code == 6);
    json j = json::parse(r.out);
    CHECK(j["volumes"].empty());

    auto human = run_bderescue({"scan", image});
    CHECK(human.exit_code == 6);
    CHECK(human.out.find("No BitLocker volume found on 1 image") != std::string::npos);
    CHECK(human.out.find("--all") != std::string::npos);

    auto all = run_bderescue({"scan", "--all", image});
    CHECK(all.exit_code == 6);
    CHECK(all.out.find("FAT32 (LBA)") != std::string::npos);
    CHECK(all.out.find("SYSTEM") != std::string::npos);
}

TEST_CASE("bderescue scan exits 5 for a missing image and still scans the others", "[cli][discovery]") {
    const auto& volume = test_volume("bitlk-aes-xts-128");
    auto r = run_bderescue({"scan", "--json", "/nonexistent/disk.img", volume.path});
    CHECK(r.exit_code == 5);
    json j = json::parse(r.out);
    REQUIRE(j["errors"].size() == 1);
    CHECK(j["errors"][0]["code"] == "not-found");
    CHECK(j["volumes"].size() == 1);

    auto human = run_bderescue({"scan", "/nonexistent/disk.img"});
    CHECK(human.exit_code == 5);
    CHECK(human.err.find("/nonexistent/disk.img does not exist") != std::string::npos);
}

TEST_CASE("bderescue scan prints a table with sizes and a line of advice per volume", "[cli][discovery]") {
    TempDir dir;
    std::string image = disk_with_volume(dir, "disk.img", "gpt", 512, "bitlk-aes-xts-128");
    auto r = run_bderescue({"scan", image});
    CAPTURE(r.out, r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("1 BitLocker volume found") != std::string::npos);
    CHECK(r.out.find(image + ", partition 2") != std::string::npos);
    CHECK(r.out.find("104.9 MB (100.0 MiB)") != std::string::npos);
    CHECK(r.out.find("Image file") != std::string::npos);
    // Under the volume: the volume layer's advice, or why its metadata could not be read.
    auto disk = bde::discovery::scan_path(image);
    REQUIRE(disk);
    REQUIRE(disk->partitions.size() == 2);
    const auto& part = disk->partitions[1];
    std::vector<std::string> expected = part.bitlocker ? bde::offline_advice(*part.bitlocker)
                                                       : std::vector<std::string>{part.bitlocker_error};
    auto row = r.out.find(image + ", partition 2");
    for (const auto& line : expected) {
        CAPTURE(line);
        CHECK(r.out.find("\n      " + line + "\n", row) != std::string::npos);
    }
}

TEST_CASE("bderescue scan without images looks at this machine", "[cli][discovery]") {
    auto r = run_bderescue({"scan", "--json", "--all"});
    CAPTURE(r.out, r.err);
    json j = json::parse(r.out);
    if (j.contains("error")) {
        CHECK(r.exit_code == 8);  // no disk could be read here
    } else {
        CHECK((r.exit_code == 0 || r.exit_code == 6));
        CHECK(j["disks"].is_array());
        CHECK((r.exit_code == 0) == !j["volumes"].empty());
    }
}
