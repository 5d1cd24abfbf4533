// The decrypted reader is read from several threads at once (FUSE, imaging workers): same bytes as
// one thread, and real .BEK files parse to their file names.
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
        for (int i = 0; i < 64; ++i) reads.emplace_back(rng() % (reader.size() - 300000), 1000 + rng() % 200000);
        std::vector<std::vector<std::uint8_t>> expected;
        for (auto [off, len] : reads) {
            std::vector<std::uint8_t> b(len);
            REQUIRE(reader.read_at(off, b));
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
