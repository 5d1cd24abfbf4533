// The decrypted reader is read from several threads at once (FUSE, imaging workers), small and large
// reads mixed: same bytes as one thread reading small pieces, and real .BEK files parse to their file names.
#include <catch2/catch.hpp>

#include <atomic>
#include <random>
#include <thread>

#include "keys/bek_file.hpp"
#include "bde/decrypted_volume.hpp"
#include "bde/unlock.hpp"
#include "io/file_source.hpp"
#include "volume_test_helpers.hpp"

using namespace bde;
using namespace bde::test;

TEST_CASE("concurrent reads return what a single reader returns", "[volume]") {
    for (const char* name : {"bitlk-aes-cbc-elephant-256", "bitlk-aes-xts-128"}) {
        const TestVolume& v = test_volume(name);
        INFO(name);
        auto [raw, info] = open_raw_volume(v.path);
        auto u = unlock_volume(*raw, info, password_credential(v.get("PW")));
        REQUIRE(u);
        auto dec = open_decrypted_volume(raw, info, u->keys);
        REQUIRE(dec);
        const BlockSource& reader = **dec;

        std::mt19937_64 rng(7);
        std::vector<std::pair<std::uint64_t, std::size_t>> reads;
        // Small reads, and large ones that the reader splits across its worker pool (shared by all callers).
        for (int i = 0; i < 64; ++i) {
            std::size_t len = i % 2 ? 1000 + rng() % 200000 : 300000 + rng() % 2000000;
            reads.emplace_back(rng() % (reader.size() - 2400000), len);
        }
        std::vector<std::vector<std::uint8_t>> expected;  // read 64 KiB at a time on this thread alone
        for (auto [off, len] : reads) {
            std::vector<std::uint8_t> b(len);
            for (std::size_t at = 0; at < len; at += 65536) {
                auto piece = std::span(b).subspan(at, std::min<std::size_t>(65536, len - at));
                REQUIRE(reader.read_at(off + at, piece));
            }
            expected.push_back(std::move(b));
        }
        std::atomic<int> mismatches{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (std::size_t i = static_cast<std::size_t>(t); i < reads.size(); i += 2) {
                    std::vector<std::uint8_t> b(reads[i].second);
                    auto n = reader.read_at(reads[i].first, b);
                    if (!n || b != expected[i]) ++mismatches;
                }
            });
        for (auto& th : threads) th.join();
        CHECK(mismatches == 0);
    }
}

TEST_CASE("the real .BEK files carry their file name as key ID, the Windows 11 one names its volume", "[volume]") {
    auto ten = read_bek_file(testdata_dir() + "/4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK");
    REQUIRE(ten);
    CHECK(ten->key_id.str() == "4381F759-C4F8-4DE0-BB61-FC33A831BDA5");
    CHECK(ten->key.size() == 32);
    CHECK_FALSE(ten->volume_id);
    auto eleven = read_bek_file(testdata_dir() + "/AA80A52B-9B66-47AE-B097-33F536FFBB07.BEK");
    REQUIRE(eleven);
    CHECK(eleven->key_id.str() == "AA80A52B-9B66-47AE-B097-33F536FFBB07");
    REQUIRE(eleven->volume_id);
    CHECK(eleven->volume_id->str() == upper(test_volume("bitlk-aes-xts-128-startup-key-win11").get("GUID")));
    CHECK(read_bek_file(testdata_dir() + "/nope.BEK").error().code == Errc::not_found);
}
