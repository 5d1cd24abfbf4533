// `bderescue image`: whole-volume images with a GNU ddrescue mapfile, kill -9 and resume, read errors
// marked '-' exactly at the bad sectors, standard output.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "fs_images.hpp"
#include "imaging/mapfile.hpp"
#include "io/faulty_source.hpp"
#include "io/file_source.hpp"
#include "mount/volume_fuse.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::test;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<FaultySource> faulty_file(const std::string& path) {
    return std::make_shared<FaultySource>(open_image_source(path));
}

}  // namespace

TEST_CASE("bderescue image writes an exact, sparse image and a finished mapfile", "[cli][image]") {
    MountScratchDir t;
    write_random_file(t / "vol.img", 3 << 20, 11);
    fs::resize_file(t / "vol.img", 40 << 20);  // a long run of zeros at the end
    std::string before = sha256_of_file(t / "vol.img");
    auto r = run_bderescue({"image", "--plain", t / "vol.img", "-o", t / "out.img", "--mapfile", t / "out.map"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(sha256_of_file(t / "out.img") == before);
    struct stat st{};
    REQUIRE(::stat((t / "out.img").c_str(), &st) == 0);
    CHECK(static_cast<std::uint64_t>(st.st_blocks) * 512 < (8u << 20));
    auto map = Mapfile::load(t / "out.map", 40 << 20);
    REQUIRE(map);
    CHECK(map->bytes_with(MapStatus::finished) == 40u << 20);
    CHECK(map->current_status == '+');
    CHECK(sha256_of_file(t / "vol.img") == before);

    auto out = run_bderescue({"image", "--plain", t / "vol.img", "-o", "-"});
    CHECK(out.exit_code == 0);
    CHECK(out.out == file_text(t / "vol.img"));
}

TEST_CASE("bderescue image killed with -9 twenty times resumes from its mapfile to an exact image", "[cli][image][slow]") {
    MountScratchDir t;
    constexpr std::uint64_t size = 256u << 20;
    write_random_file(t / "vol.img", size, 12);
    std::string before = sha256_of_file(t / "vol.img");
    // A slow "disk" (3 MiB/s whatever this machine's speed): 20 runs of at most 3.5 s each cannot finish the
    // 256 MiB. The imager reads 4 MiB chunks and saves its mapfile every 2 s, so short runs save nothing.
    auto slow = faulty_file(t / "vol.img");
    slow->set_throughput_limit(3 << 20);
    fs::create_directories(t / "disk");
    auto disk = VolumeFuse::start(slow, t / "disk", {"volume", true});
    REQUIRE(disk);
    std::mt19937 rng(7);
    std::uint64_t last_done = 0;
    int killed = 0;
    for (int round = 0; round < 20; ++round) {
        int pid = spawn_bderescue({"image", "--plain", (*disk)->file_path(), "-o", t / "out.img", "--mapfile", t / "out.map"},
                                  t / "image.out", t / "image.err");
        std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 3300));
        ::kill(pid, SIGKILL);
        int code = wait_for_exit(pid);
        INFO("round " << round << " exit " << code << "\n" << file_text(t / "image.out") << file_text(t / "image.err"));
        REQUIRE(code == 128 + SIGKILL);
        ++killed;
        if (!fs::exists(t / "out.map")) continue;  // killed before its first save
        auto map = Mapfile::load(t / "out.map", size);
        REQUIRE(map);  // always parseable: written atomically
        std::uint64_t done = map->bytes_with(MapStatus::finished);
        CHECK(done >= last_done);
        last_done = done;
        // What the mapfile calls finished is really in the image.
        std::ifstream img(t / "out.img", std::ios::binary), src(t / "vol.img", std::ios::binary);
        for (const auto& b : map->blocks_with(MapStatus::finished)) {
            std::string a(b.size, '\0'), c(b.size, '\0');
            img.seekg(static_cast<std::streamoff>(b.pos));
            img.read(a.data(), static_cast<std::streamsize>(b.size));
            src.seekg(static_cast<std::streamoff>(b.pos));
            src.read(c.data(), static_cast<std::streamsize>(b.size));
            CHECK(a == c);
        }
    }
    CHECK(killed == 20);
    CHECK(last_done > 0);
    CHECK(last_done < size);
    slow->set_throughput_limit(0);
    auto r = run_bderescue({"image", "--plain", (*disk)->file_path(), "-o", t / "out.img", "--mapfile", t / "out.map"});
    INFO(r.out + r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("from an earlier run") != std::string::npos);
    CHECK(sha256_of_file(t / "out.img") == before);
    CHECK(sha256_of_file(t / "vol.img") == before);
}

TEST_CASE("bderescue image marks exactly the unreadable sectors '-' and writes zeros there", "[cli][image]") {
    MountScratchDir t;
    write_random_file(t / "vol.img", 8 << 20, 13);
    auto faulty = faulty_file(t / "vol.img");
    faulty->add_bad_sectors(2048, 3);
    faulty->add_bad_sectors(10000, 1);
    fs::create_directories(t / "disk");
    auto disk = VolumeFuse::start(faulty, t / "disk", {"volume", true});
    REQUIRE(disk);
    auto r = run_bderescue({"image", "--plain", (*disk)->file_path(), "-o", t / "out.img", "--mapfile", t / "out.map", "--json"});
    INFO(r.err);
    CHECK(r.exit_code == 13);
    auto map = Mapfile::load(t / "out.map", 8 << 20);
    REQUIRE(map);
    CHECK(map->blocks_with(MapStatus::bad) ==
          std::vector<MapBlock>{{2048 * 512, 3 * 512, MapStatus::bad}, {10000 * 512, 512, MapStatus::bad}});
    CHECK(map->bytes_with(MapStatus::finished) == (8u << 20) - 4 * 512);
    std::string src = file_text(t / "vol.img"), img = file_text(t / "out.img");
    REQUIRE(img.size() == src.size());
    CHECK(img.substr(2048 * 512, 3 * 512) == std::string(3 * 512, '\0'));
    CHECK(img.substr(10000 * 512, 512) == std::string(512, '\0'));
    src.replace(2048 * 512, 3 * 512, std::string(3 * 512, '\0'));
    src.replace(10000 * 512, 512, std::string(512, '\0'));
    CHECK(img == src);
    CHECK(r.out.find("\"type\":\"read-error\"") != std::string::npos);
    CHECK(r.out.find("\"bytes_bad\":2048") != std::string::npos);
}

TEST_CASE("bderescue image refuses to overwrite its own source", "[cli][image]") {
    MountScratchDir t;
    write_random_file(t / "vol.img", 1 << 20, 14);
    std::string before = sha256_of_file(t / "vol.img");
    auto r = run_bderescue({"image", "--plain", t / "vol.img", "-o", t / "vol.img"});
    CHECK(r.exit_code == 10);
    CHECK(sha256_of_file(t / "vol.img") == before);
}
