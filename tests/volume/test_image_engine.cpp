// The imaging engine on in-memory sources with injected read errors: mapfile contents, zeros for bad
// sectors, sparse output, resume after a stop.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "imaging/imager.hpp"
#include "io/faulty_source.hpp"
#include "io/memory_source.hpp"

using namespace bde;
namespace fs = std::filesystem;

namespace {

std::vector<std::uint8_t> random_bytes(std::size_t n, unsigned seed) {
    std::vector<std::uint8_t> v(n);
    std::mt19937 rng(seed);
    for (auto& b : v) b = static_cast<std::uint8_t>(rng());
    return v;
}

std::vector<std::uint8_t> read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / name) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string operator/(const std::string& f) const { return (path / f).string(); }
};

}  // namespace

TEST_CASE("imaging copies every byte and leaves zero areas as holes", "[image]") {
    TempDir dir("bderescue-test-image-sparse");
    auto bytes = random_bytes(8 << 20, 1);
    std::fill(bytes.begin() + (2 << 20), bytes.begin() + (7 << 20), 0);  // 5 MiB of zeros
    auto src = std::make_shared<MemorySource>(bytes);
    ImageOptions opt;
    opt.chunk_size = 1 << 20;
    opt.mapfile_path = dir / "img.map";
    auto r = write_image(*src, dir / "img", "", opt, {});
    REQUIRE(r);
    CHECK(r->bad_bytes == 0);
    CHECK(read_all(dir / "img") == bytes);
    struct stat st{};
    REQUIRE(stat((dir / "img").c_str(), &st) == 0);
    CHECK(static_cast<std::uint64_t>(st.st_blocks) * 512 < (4u << 20));  // the zeros were not written
    auto map = Mapfile::load(dir / "img.map", bytes.size());
    REQUIRE(map);
    CHECK(map->blocks() == std::vector<MapBlock>{{0, bytes.size(), MapStatus::finished}});
    CHECK(map->current_status == '+');
}

TEST_CASE("bad sectors are retried one by one, marked '-' exactly and written as zeros", "[image]") {
    TempDir dir("bderescue-test-image-bad");
    auto bytes = random_bytes(4 << 20, 2);
    auto faulty = std::make_shared<FaultySource>(std::make_shared<MemorySource>(bytes));
    faulty->add_bad_sectors(1000, 3);     // 3 sectors inside the first MiB
    faulty->add_bad_sectors(5000, 1);     // one more, in another chunk
    faulty->add_bad_sectors(2050, 2, 1);  // flaky: fails once, then reads on the sector retry
    ImageOptions opt;
    opt.chunk_size = 1 << 20;
    opt.mapfile_path = dir / "img.map";
    std::vector<std::pair<std::uint64_t, std::uint64_t>> reported;
    ImageCallbacks cb;
    cb.read_error = [&](std::uint64_t pos, std::uint64_t size, const Error& e) {
        reported.emplace_back(pos, size);
        CHECK(e.code == Errc::io);
    };
    auto r = write_image(*faulty, dir / "img", "", opt, cb);
    REQUIRE(r);
    CHECK(r->bad_bytes == 4 * 512);
    CHECK(reported == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{1000 * 512, 3 * 512}, {5000 * 512, 512}});
    auto map = Mapfile::load(dir / "img.map", bytes.size());
    REQUIRE(map);
    CHECK(map->blocks_with(MapStatus::bad) ==
          std::vector<MapBlock>{{1000 * 512, 3 * 512, MapStatus::bad}, {5000 * 512, 512, MapStatus::bad}});
    auto expected = bytes;
    std::fill(expected.begin() + 1000 * 512, expected.begin() + 1003 * 512, 0);
    std::fill(expected.begin() + 5000 * 512, expected.begin() + 5001 * 512, 0);
    CHECK(read_all(dir / "img") == expected);

    SECTION("a later run retries only the bad sectors and fills them once they read") {
        auto healed = std::make_shared<MemorySource>(bytes);
        auto counting = std::make_shared<FaultySource>(healed);
        auto again = write_image(*counting, dir / "img", "", opt, {});
        REQUIRE(again);
        CHECK(again->bad_bytes == 0);
        CHECK(again->bytes_read_now == 4 * 512);
        CHECK(counting->reads() == 4);
        CHECK(read_all(dir / "img") == bytes);
    }
}

TEST_CASE("a stopped image resumes from its mapfile and reads nothing twice", "[image]") {
    TempDir dir("bderescue-test-image-resume");
    auto bytes = random_bytes(6 << 20, 3);
    auto src = std::make_shared<FaultySource>(std::make_shared<MemorySource>(bytes));
    ImageOptions opt;
    opt.chunk_size = 512 << 10;
    opt.mapfile_path = dir / "img.map";
    int polls = 0;
    ImageCallbacks stop_soon;
    stop_soon.cancelled = [&] { return ++polls > 5; };
    auto first = write_image(*src, dir / "img", "", opt, stop_soon);
    REQUIRE(!first);
    CHECK(first.error().code == Errc::cancelled);
    auto map = Mapfile::load(dir / "img.map", bytes.size());
    REQUIRE(map);
    std::uint64_t done = map->bytes_with(MapStatus::finished);
    CHECK(done == 5 * (512u << 10));
    std::uint64_t reads_before = src->reads();

    auto second = write_image(*src, dir / "img", "", opt, {});
    REQUIRE(second);
    CHECK(second->bytes_done_before == done);
    CHECK(second->bytes_read_now == bytes.size() - done);
    CHECK(src->reads() - reads_before == (bytes.size() - done) / (512u << 10));
    CHECK(read_all(dir / "img") == bytes);
}

TEST_CASE("a resumed run needs the same output file", "[image]") {
    TempDir dir("bderescue-test-image-missing");
    auto src = std::make_shared<MemorySource>(random_bytes(1 << 20, 4));
    Mapfile half(src->size());
    half.set(0, 4096, MapStatus::finished);
    REQUIRE(half.save(dir / "img.map"));
    ImageOptions opt;
    opt.mapfile_path = dir / "img.map";
    auto r = write_image(*src, dir / "img", "", opt, {});
    REQUIRE(!r);
    CHECK(r.error().code == Errc::usage);
    CHECK(!fs::exists(dir / "img"));
}

TEST_CASE("the image is never written onto the source image file", "[image]") {
    TempDir dir("bderescue-test-image-self");
    { std::ofstream(dir / "src.img") << std::string(4096, 'x'); }
    auto src = std::make_shared<MemorySource>(random_bytes(4096, 5));
    auto r = write_image(*src, dir / "src.img", dir / "src.img", {}, {});
    REQUIRE(!r);
    CHECK(r.error().code == Errc::destination);
    CHECK(read_all(dir / "src.img") == std::vector<std::uint8_t>(4096, 'x'));
}
