// Large reads are split across the reader's worker threads: on the Windows-made volumes a big read over
// the relocated boot sectors, the metadata areas, the conversion boundary and the end of the volume returns
// exactly what small single-threaded reads return, and a bad sector in any chunk fails the whole read.
#include <catch2/catch.hpp>

#include <algorithm>

#include "bde/decrypted_volume.hpp"
#include "bde/unlock.hpp"
#include "bde/volume_map.hpp"
#include "io/faulty_source.hpp"
#include "volume_test_helpers.hpp"

using namespace bde;
using namespace bde::test;

namespace {

std::unique_ptr<BlockSource> unlocked(const TestVolume& v, std::shared_ptr<const BlockSource> raw, const VolumeInfo& info) {
    auto creds = credentials_of(v);
    REQUIRE(!creds.empty());
    auto u = unlock_volume(*raw, info, creds.front().credential);
    REQUIRE(u);
    auto d = open_decrypted_volume(std::move(raw), info, u->keys);
    REQUIRE(d);
    return std::move(*d);
}

// [offset, offset + length) read 4093 bytes at a time (below the threshold: the calling thread only).
std::vector<std::uint8_t> small_reads(const BlockSource& src, std::uint64_t offset, std::size_t length) {
    std::vector<std::uint8_t> out(length);
    std::size_t done = 0;
    while (done < length) {
        std::size_t n = std::min<std::size_t>(4093, length - done);
        auto r = src.read_at(offset + done, std::span(out.data() + done, n));
        REQUIRE(r);
        REQUIRE(*r == n);
        done += n;
    }
    return out;
}

// Where two buffers first differ (-1: equal); Catch would print megabytes for a plain ==.
long first_difference(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    if (a.size() != b.size()) return 0;
    auto m = std::mismatch(a.begin(), a.end(), b.begin());
    return m.first == a.end() ? -1 : m.first - a.begin();
}

}  // namespace

TEST_CASE("a large read across header, metadata and conversion boundaries equals small reads", "[volume]") {
    for (const char* name : {"bitlk-aes-xts-128", "bitlk-aes-xts-256", "bitlk-aes-cbc-128", "bitlk-aes-cbc-256",
                             "bitlk-aes-cbc-elephant-128", "bitlk-aes-cbc-elephant-256", "bitlk-aes-xts-128-4k",
                             "bitlk-aes-cbc-128-4k", "bitlk-togo-aes-xts-128", "bitlk-partially-encrypted-aes-cbc-128",
                             "bitlk-aes-xts-128-eow"}) {
        const TestVolume& v = test_volume(name);
        INFO(name);
        auto [raw, info] = open_raw_volume(v.path);
        auto dec = unlocked(v, raw, info);
        const std::uint64_t size = dec->size();

        // Every place where the way bytes are produced changes: the end of the relocated header, each
        // metadata area, the conversion boundary of a paused volume, Vista's fix-up.
        std::vector<std::uint64_t> edges{0};
        const VolumeMap map = VolumeMap::from(info);
        for (const Segment& s : map.segments()) edges.push_back(s.offset);
        CHECK(edges.size() >= 4);  // header, data, three metadata areas at least
        for (std::uint64_t edge : edges) {
            INFO("edge at " << edge);
            // Starts and ends off any sector boundary; long enough to be split into several chunks.
            std::uint64_t start = edge > 700'001 ? edge - 700'001 : 0;
            std::size_t length = static_cast<std::size_t>(std::min<std::uint64_t>(1'500'003, size - start));
            auto expected = small_reads(*dec, start, length);
            std::vector<std::uint8_t> big(length);
            auto n = dec->read_at(start, big);
            REQUIRE(n);
            CHECK(*n == length);
            CHECK(first_difference(big, expected) == -1);
        }
        // The last megabytes, asked for with a buffer that runs past the end.
        std::uint64_t tail = size - (3 << 20);
        std::vector<std::uint8_t> big(4 << 20);
        auto n = dec->read_at(tail, big);
        REQUIRE(n);
        CHECK(*n == (3u << 20));
        big.resize(3 << 20);
        CHECK(first_difference(big, small_reads(*dec, tail, 3 << 20)) == -1);
    }
}

TEST_CASE("a bad sector in one chunk of a large read fails the read with an I/O error", "[volume]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    auto [raw, info] = open_raw_volume(v.path);
    auto faulty = std::make_shared<FaultySource>(raw);
    auto dec = unlocked(v, faulty, info);
    const std::uint64_t start = 40ull << 20;  // plain encrypted data, far from metadata
    std::vector<std::uint8_t> before(2 << 20);
    REQUIRE(dec->read_at(start, before));
    // A sector in the 11th 128 KiB chunk.
    faulty->add_bad_sectors((start + (1300 << 10)) / 512, 1);
    for (int round = 0; round < 3; ++round) {  // and the pool still works after each failure
        std::vector<std::uint8_t> big(2 << 20);
        auto r = dec->read_at(start, big);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == Errc::io);
    }
    std::vector<std::uint8_t> first(1 << 20);
    REQUIRE(dec->read_at(start, first));
    CHECK(std::equal(first.begin(), first.end(), before.begin()));
}
