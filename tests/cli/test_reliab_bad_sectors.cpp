// Bad sectors where they hurt most, on a real Windows-made volume served through FaultySource + VolumeFuse
// (a "disk" with unreadable sectors): inside one of the three FVE metadata copies (the other two must do),
// and inside the relocated original boot sectors (imaging marks exactly those bad; copy says why it stops).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "bde/volume_info.hpp"
#include "fs_images.hpp"
#include "imaging/mapfile.hpp"
#include "io/faulty_source.hpp"
#include "mount/volume_fuse.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::test;
namespace fs = std::filesystem;

namespace {

struct OwnRuntime {  // copy's mounts live in the test's own folder
    explicit OwnRuntime(const std::string& dir) { setenv("BDERESCUE_RUNTIME_DIR", dir.c_str(), 1); }
    ~OwnRuntime() { unsetenv("BDERESCUE_RUNTIME_DIR"); }
};

VolumeInfo info_of(const std::string& path) {
    auto info = read_volume_info(*open_image_source(path));
    REQUIRE(info);
    return *info;
}

// The volume as a disk whose sectors [first, first + count) cannot be read.
std::unique_ptr<VolumeFuse> disk_with_bad_sectors(const std::string& volume, std::uint64_t first, std::uint64_t count,
                                                  const std::string& dir) {
    auto faulty = std::make_shared<FaultySource>(open_image_source(volume));
    faulty->add_bad_sectors(first, count);
    fs::create_directories(dir);
    auto disk = VolumeFuse::start(faulty, dir, {"volume", true});
    REQUIRE(disk);
    return std::move(*disk);
}

}  // namespace

TEST_CASE("bad sectors in any one metadata copy: the volume still opens and images to its SHA-256", "[cli][reliability]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    const VolumeInfo pristine = info_of(v.path);
    REQUIRE(pristine.metadata_offsets.size() == 3);
    for (int copy = 0; copy < 3; ++copy) {
        DYNAMIC_SECTION("metadata copy " << copy + 1) {
            MountScratchDir t;
            // Eight sectors a little into the copy: its header reads, its entries do not.
            auto disk = disk_with_bad_sectors(v.path, pristine.metadata_offsets[copy] / 512 + 1, 8, t / "disk");
            std::string vol = disk->file_path();

            auto info = run_bderescue({"info", vol, "--json"});
            INFO(info.err);
            REQUIRE(info.exit_code == 0);
            auto j = nlohmann::json::parse(info.out);
            CHECK(j["metadata_copies_good"] == 2);
            CHECK(j["notes"].dump().find("copy " + std::to_string(copy + 1) + " of 3 is damaged") != std::string::npos);

            auto unlock = run_bderescue({"unlock", vol, "-r", v.get("RP")});
            INFO(unlock.err);
            CHECK(unlock.exit_code == 0);

            if (copy == 0) {  // the copy used when all are good: the full image proves the fallback
                auto image = run_bderescue({"image", vol, "-r", v.get("RP"), "-o", t / "out.img"});
                INFO(image.err);
                REQUIRE(image.exit_code == 0);
                CHECK(sha256_of_file(t / "out.img") == v.get("SHA256SUM"));
            }
        }
    }
}

TEST_CASE("bad sectors in all three metadata copies: a clear I/O error, no crash", "[cli][reliability]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    const VolumeInfo pristine = info_of(v.path);
    MountScratchDir t;
    auto faulty = std::make_shared<FaultySource>(open_image_source(v.path));
    for (std::uint64_t off : pristine.metadata_offsets) faulty->add_bad_sectors(off / 512, 4);
    fs::create_directories(t / "disk");
    auto disk = VolumeFuse::start(faulty, t / "disk", {"volume", true});
    REQUIRE(disk);
    for (const char* cmd : {"info", "unlock"}) {
        auto r = cmd == std::string("info") ? run_bderescue({"info", (*disk)->file_path()})
                                            : run_bderescue({"unlock", (*disk)->file_path(), "-r", v.get("RP")});
        INFO(cmd << ": " << r.err);
        CHECK(r.exit_code == 8);
        CHECK(r.err.find("bad sectors") != std::string::npos);
        CHECK(r.err.find("image") != std::string::npos);
    }
}

TEST_CASE("bad sectors in the relocated boot sectors: image marks exactly them, copy explains", "[cli][reliability]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    const VolumeInfo pristine = info_of(v.path);
    REQUIRE(pristine.header_backup_size >= 4 * 512);
    MountScratchDir t;
    OwnRuntime runtime(t / "run");
    // The reference: an image of the intact volume.
    auto good = run_bderescue({"image", v.path, "-r", v.get("RP"), "-o", t / "good.img"});
    REQUIRE(good.exit_code == 0);
    REQUIRE(sha256_of_file(t / "good.img") == v.get("SHA256SUM"));

    // Decrypted sectors 0..1 (the NTFS boot sector among them) are stored at header_backup_offset.
    auto disk = disk_with_bad_sectors(v.path, pristine.header_backup_offset / 512, 2, t / "disk");
    std::string vol = disk->file_path();

    auto info = run_bderescue({"info", vol});
    CHECK(info.exit_code == 0);
    auto unlock = run_bderescue({"unlock", vol, "-r", v.get("RP")});
    INFO(unlock.err);
    CHECK(unlock.exit_code == 0);
    CHECK(unlock.out.find("NOT checked") != std::string::npos);  // the metadata is intact

    auto image = run_bderescue({"image", vol, "-r", v.get("RP"), "-o", t / "out.img", "--mapfile", t / "out.map"});
    INFO(image.out + image.err);
    REQUIRE(image.exit_code == 13);
    CHECK(image.out.find("could not be read") != std::string::npos);
    auto map = Mapfile::load(t / "out.map", pristine.volume_size);
    REQUIRE(map);
    CHECK(map->blocks_with(MapStatus::bad) == std::vector<MapBlock>{{0, 1024, MapStatus::bad}});
    CHECK(map->bytes_with(MapStatus::finished) == pristine.volume_size - 1024);
    std::string expected = file_text(t / "good.img"), got = file_text(t / "out.img");
    REQUIRE(got.size() == expected.size());
    expected.replace(0, 1024, std::string(1024, '\0'));
    CHECK(got == expected);

    auto copy = run_bderescue({"copy", vol, "-r", v.get("RP"), "--to", t / "files"});
    INFO(copy.out + copy.err);
    CHECK(copy.exit_code == 8);
    CHECK(copy.err.find("bad sectors") != std::string::npos);
    CHECK(copy.err.find("image") != std::string::npos);
    CHECK(mounts_below(t / "run").empty());
}
