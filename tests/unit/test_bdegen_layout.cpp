// Where bdegen puts the BitLocker areas: only where the plaintext is all zeros, so that the decrypted
// volume (which shows those areas as zeros) is byte-identical to the plaintext image.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "layout.hpp"
#include "util/unique_fd.hpp"
#include "volume_plan.hpp"

using namespace bdegen;

namespace {

// A temporary sparse file, removed again when the test ends.
struct TempImage {
    std::string path;
    bde::UniqueFd fd;
    explicit TempImage(std::uint64_t size) {
        char name[] = "/tmp/bdegen-layout-XXXXXX";
        fd.reset(::mkstemp(name));
        REQUIRE(fd);
        path = name;
        REQUIRE(::ftruncate(fd.get(), static_cast<off_t>(size)) == 0);
    }
    ~TempImage() { ::unlink(path.c_str()); }
    void fill(std::uint64_t offset, std::uint64_t length, std::uint8_t value) {
        std::vector<std::uint8_t> data(length, value);
        REQUIRE(::pwrite(fd.get(), data.data(), data.size(), static_cast<off_t>(offset)) == static_cast<ssize_t>(length));
    }
    bool zero(std::uint64_t offset, std::uint64_t length) {
        std::vector<std::uint8_t> data(length);
        REQUIRE(::pread(fd.get(), data.data(), data.size(), static_cast<off_t>(offset)) == static_cast<ssize_t>(length));
        return std::all_of(data.begin(), data.end(), [](auto b) { return b == 0; });
    }
};

}  // namespace

TEST_CASE("bdegen layout avoids data and keeps the areas apart", "[bdegen]") {
    const std::uint64_t size = 16 << 20;
    TempImage img(size);
    // Data around the preferred places (a third, 4/9, 5/9 of the volume) pushes the areas elsewhere.
    img.fill(size / 3 - 4096, 1 << 20, 0xAB);
    img.fill(size * 4 / 9, 4096, 0x01);
    auto layout = find_layout(img.fd.get(), size);
    REQUIRE(layout);
    CHECK(layout->boot_backup == layout->metadata[0] + kMetadataAreaSize);
    CHECK(layout->conversion_area == layout->boot_backup + kBootBackupSize);
    CHECK(img.zero(layout->metadata[0], kMetadataAreaSize + kBootBackupSize + kConversionAreaSize));
    for (int i = 0; i < 3; ++i) {
        CHECK(layout->metadata[i] % (64 * 1024) == 0);
        CHECK(layout->metadata[i] >= 64 * 1024);
        CHECK(layout->metadata[i] + 64 * 1024 <= size - 64 * 1024);
        CHECK(img.zero(layout->metadata[i], kMetadataAreaSize));
    }
    CHECK(layout->metadata[1] >= layout->conversion_area + kConversionAreaSize);
    CHECK(layout->metadata[2] >= layout->metadata[1] + kMetadataAreaSize);
}

TEST_CASE("bdegen layout refuses a plaintext with no free room", "[bdegen]") {
    const std::uint64_t size = 2 << 20;
    TempImage img(size);
    img.fill(0, size, 0x11);
    auto layout = find_layout(img.fd.get(), size);
    REQUIRE_FALSE(layout);
    CHECK(layout.error().code == bde::Errc::usage);
    CHECK(layout.error().message.find("larger") != std::string::npos);
}

TEST_CASE("bdegen geometry is carried over from the plaintext's boot sector", "[bdegen]") {
    TempImage img(4 << 20);
    std::uint8_t boot[512] = {0xEB, 0x52, 0x90, 'N', 'T', 'F', 'S', ' ', ' ', ' ', ' ', 0x00, 0x02, 0x08};
    boot[21] = 0xF8;
    boot[24] = 63;
    boot[26] = 255;
    boot[28] = 0x00;
    boot[29] = 0x08;  // hidden sectors 2048
    REQUIRE(::pwrite(img.fd.get(), boot, sizeof boot, 0) == 512);
    auto g = read_geometry(img.fd.get(), 4 << 20, 512, 0);
    REQUIRE(g);
    CHECK(g->file_system == "ntfs");
    CHECK(g->sectors_per_cluster == 8);
    CHECK(g->hidden_sectors == 2048);
    CHECK(g->total_sectors32 == 0);
    CHECK(read_geometry(img.fd.get(), 4 << 20, 512, 4096)->hidden_sectors == 4096);
    auto mismatch = read_geometry(img.fd.get(), 4 << 20, 4096, 0);
    REQUIRE_FALSE(mismatch);
    CHECK(mismatch.error().message.find("--sector-size 512") != std::string::npos);

    img.fill(0, 512, 0);  // no known file system: the header carries the sector count for libbde
    CHECK(read_geometry(img.fd.get(), 4 << 20, 512, 0)->total_sectors32 == 8192);
}
