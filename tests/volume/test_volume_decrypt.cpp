// Our decrypting reader over every test volume: the SHA-256 of the decrypted volume equals the one
// cryptsetup recorded; volumes without one start with an NTFS boot sector.
#include <catch2/catch.hpp>

#include "bde/decrypted_volume.hpp"
#include "bde/filesystem_signature.hpp"
#include "bde/le_bytes.hpp"
#include "crypto/crc32.hpp"
#include "bde/unlock.hpp"
#include "io/file_source.hpp"
#include "volume_test_helpers.hpp"

using namespace bde;
using namespace bde::test;

namespace {

std::unique_ptr<BlockSource> decrypted(const TestVolume& v, std::shared_ptr<const BlockSource> raw, VolumeInfo& info) {
    auto i = read_volume_info(*raw);
    REQUIRE(i);
    info = *i;
    auto creds = credentials_of(v);
    REQUIRE(!creds.empty());
    auto u = unlock_volume(*raw, info, creds.front().credential);
    REQUIRE(u);
    auto d = open_decrypted_volume(raw, info, u->keys);
    REQUIRE(d);
    return std::move(*d);
}

std::shared_ptr<const BlockSource> open_raw(const std::string& path) {
    auto src = FileSource::open(path);
    REQUIRE(src);
    return std::shared_ptr<const BlockSource>(std::move(*src));
}

}  // namespace

// (The sources' own hashes are checked before and after the whole suite by the testdata fixture.)
TEST_CASE("decrypted test volumes hash to the recorded SHA-256", "[volume]") {
    int hashed = 0;
    for (const TestVolume& v : test_volumes()) {
        INFO(v.name);
        auto raw = open_raw(v.path);
        VolumeInfo info;
        auto dec = decrypted(v, raw, info);
        CHECK(dec->size() == info.volume_size);
        std::array<std::uint8_t, 512> boot{};
        REQUIRE(dec->read_at(0, boot));
        auto fs = filesystem_of_boot_sector(boot);
        CHECK(fs.has_value());
        if (info.kind == VolumeKind::bitlocker_to_go) CHECK(fs.value_or("").starts_with("FAT"));
        else CHECK(fs.value_or("") == "NTFS");
        if (!v.get("SHA256SUM").empty()) {
            CHECK(sha256_of_source(*dec) == v.get("SHA256SUM"));
            ++hashed;
        }
    }
    CHECK(hashed == 19);
}

TEST_CASE("unaligned and sector-straddling reads return the same bytes as aligned ones", "[volume]") {
    for (const char* name : {"bitlk-aes-cbc-elephant-128", "bitlk-aes-xts-128-4k", "bitlk-togo-aes-cbc-128"}) {
        const TestVolume& v = test_volume(name);
        INFO(name);
        auto raw = open_raw(v.path);
        VolumeInfo info;
        auto dec = decrypted(v, raw, info);
        // Around the relocated header's end, a metadata area, and a plain stretch of data.
        for (std::uint64_t centre : {info.header_backup_size, info.metadata_offsets[1], std::uint64_t{40} << 20}) {
            std::uint64_t start = centre >= 3 * info.sector_size ? centre - 3 * info.sector_size : 0;
            std::vector<std::uint8_t> whole(6 * info.sector_size);
            REQUIRE(dec->read_at(start, whole));
            for (std::uint64_t skew : {1u, 7u, 511u, 513u}) {
                std::vector<std::uint8_t> part(whole.size() - skew - 5);
                auto n = dec->read_at(start + skew, part);
                REQUIRE(n);
                CHECK(*n == part.size());
                CHECK(std::equal(part.begin(), part.end(), whole.begin() + static_cast<long>(skew)));
            }
        }
        std::vector<std::uint8_t> tail(4096);
        auto n = dec->read_at(dec->size() - 100, tail);
        REQUIRE(n);
        CHECK(*n == 100);
    }
}

TEST_CASE("a volume whose 2nd metadata copy is zeroed still opens and decrypts the same", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    ScratchCopy copy(v.path);
    auto pristine = open_raw(v.path);
    auto info0 = read_volume_info(*pristine);
    REQUIRE(info0);
    {
        std::FILE* f = std::fopen(copy.path.c_str(), "r+b");
        REQUIRE(f);
        std::vector<char> zeros(64 * 1024, 0);
        std::fseek(f, static_cast<long>(info0->metadata_offsets[1]), SEEK_SET);
        std::fwrite(zeros.data(), 1, zeros.size(), f);
        std::fclose(f);
    }
    auto raw = open_raw(copy.path.string());
    VolumeInfo info;
    auto dec = decrypted(v, raw, info);
    CHECK(info.good_metadata_copies == 2);
    REQUIRE(!info.notes.empty());
    CHECK(info.notes.front().find("copy 2 of 3 is damaged") != std::string::npos);
    // The metadata areas read as zeros anyway, so the decrypted volume is the same as the pristine one.
    CHECK(sha256_of_source(*dec) == v.get("SHA256SUM"));
}

TEST_CASE("volumes Windows had not finished encrypting start with an NTFS boot sector", "[volume]") {
    for (const char* name : {"bitlk-partially-encrypted-aes-cbc-128", "bitlk-aes-xts-128-eow"}) {
        const TestVolume& v = test_volume(name);
        INFO(name);
        auto raw = open_raw(v.path);
        VolumeInfo info;
        auto dec = decrypted(v, raw, info);
        CHECK(info.encrypt_on_write);
        CHECK(info.state == VolumeState::partially_encrypted);
        std::array<std::uint8_t, 512> boot{};
        REQUIRE(dec->read_at(0, boot));
        CHECK(filesystem_of_boot_sector(boot) == std::optional<std::string>("NTFS"));
    }
}

TEST_CASE("past the conversion boundary a paused volume is passed through as stored", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    ScratchCopy copy(v.path);
    auto pristine_raw = open_raw(v.path);
    VolumeInfo pristine_info;
    auto pristine = decrypted(v, pristine_raw, pristine_info);
    const std::uint64_t boundary = 60ull << 20;  // past all three metadata copies of this volume
    REQUIRE(pristine_info.metadata_offsets[2] + 65536 < boundary);

    // Rewrite "encrypted size" in every metadata copy, with a fresh checksum, as a paused conversion has.
    {
        std::FILE* f = std::fopen(copy.path.c_str(), "r+b");
        REQUIRE(f);
        for (std::uint64_t off : pristine_info.metadata_offsets) {
            std::vector<std::uint8_t> block(65536);
            std::fseek(f, static_cast<long>(off), SEEK_SET);
            REQUIRE(std::fread(block.data(), 1, block.size(), f) == block.size());
            put_le64(block.data() + 16, boundary);
            std::size_t size = std::size_t{le16(block.data() + 8)} * 16;
            std::uint32_t crc = crypto::crc32(std::span(block.data(), size));
            for (int i = 0; i < 4; ++i) block[size + 4 + i] = static_cast<std::uint8_t>(crc >> (8 * i));
            std::fseek(f, static_cast<long>(off), SEEK_SET);
            REQUIRE(std::fwrite(block.data(), 1, block.size(), f) == block.size());
        }
        std::fclose(f);
    }
    auto raw = open_raw(copy.path.string());
    VolumeInfo info;
    auto dec = decrypted(v, raw, info);
    CHECK(info.state == VolumeState::partially_encrypted);
    CHECK(info.encrypted_size == boundary);
    CHECK(info.good_metadata_copies == 3);

    std::vector<std::uint8_t> a(1 << 20), b(1 << 20);
    // Before the boundary: decrypted exactly as before.
    for (std::uint64_t at : {std::uint64_t{0}, boundary - (1 << 20)}) {
        REQUIRE(dec->read_at(at, a));
        REQUIRE(pristine->read_at(at, b));
        CHECK(a == b);
    }
    // After it: the stored bytes, not decrypted.
    for (std::uint64_t at : {boundary, std::uint64_t{90} << 20}) {
        REQUIRE(dec->read_at(at, a));
        REQUIRE(raw->read_at(at, b));
        CHECK(a == b);
        REQUIRE(pristine->read_at(at, b));
        CHECK(a != b);
    }
}
