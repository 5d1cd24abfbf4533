// The decrypted reader's worker pool on its own: every chunk runs exactly once, with a cipher no other
// thread is using at the same time; run() returns only when all are done; the first error comes back and
// the pool stays usable; many callers can share one pool.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <thread>

#include "bde/sector_workers.hpp"

using namespace bde;

namespace {

Result<crypto::SectorCipher> test_cipher() {
    std::vector<std::uint8_t> key(32);
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return crypto::SectorCipher::create(crypto::SectorMode::xts, key, {}, 512);
}

std::unique_ptr<SectorWorkers> pool_of(std::size_t threads) {
    auto p = SectorWorkers::start(threads, test_cipher);
    REQUIRE(p);
    return std::move(*p);
}

}  // namespace

TEST_CASE("every chunk runs once and run() returns after the last one", "[volume]") {
    for (std::size_t threads : {1u, 2u, 4u}) {
        auto pool = pool_of(threads);
        CHECK(pool->size() == threads);
        auto mine = test_cipher();
        REQUIRE(mine);
        std::vector<std::atomic<int>> runs(97);
        std::mutex m;
        std::map<crypto::SectorCipher*, int> in_use;  // a cipher used by two chunks at once would show as 2
        int overlaps = 0;
        auto r = pool->run(runs.size(), [&](std::size_t i, crypto::SectorCipher& c) -> Result<void> {
            {
                std::lock_guard lock(m);
                if (++in_use[&c] > 1) ++overlaps;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(200));  // give the workers a chance to join
            ++runs[i];
            std::lock_guard lock(m);
            --in_use[&c];
            return {};
        }, *mine);
        REQUIRE(r);
        for (auto& n : runs) CHECK(n == 1);  // all finished by the time run() returned
        CHECK(overlaps == 0);
    }
}

TEST_CASE("the first error comes back, later chunks are skipped, the pool still works", "[volume]") {
    auto pool = pool_of(2);
    auto mine = test_cipher();
    REQUIRE(mine);
    std::atomic<int> ran{0};
    auto r = pool->run(20000, [&](std::size_t i, crypto::SectorCipher&) -> Result<void> {
        ++ran;
        if (i == 3) return fail(Errc::io, "bad sector at chunk 3");
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        return {};
    }, *mine);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::io);
    CHECK(r.error().message == "bad sector at chunk 3");
    CHECK(ran < 20000);  // unless a thread stalled for a second between claiming chunk 3 and running it
    std::atomic<int> again{0};
    REQUIRE(pool->run(10, [&](std::size_t, crypto::SectorCipher&) -> Result<void> { ++again; return {}; }, *mine));
    CHECK(again == 10);
}

TEST_CASE("several callers share one pool and each gets its own chunks", "[volume]") {
    auto pool = pool_of(2);
    std::atomic<int> wrong{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < 6; ++t)
        callers.emplace_back([&, t] {
            auto mine = test_cipher();
            if (!mine) return (void)++wrong;
            for (int round = 0; round < 20; ++round) {
                std::vector<int> seen(33, 0);
                auto r = pool->run(seen.size(), [&](std::size_t i, crypto::SectorCipher&) -> Result<void> {
                    seen[i] += t + 1;
                    return {};
                }, *mine);
                if (!r || std::any_of(seen.begin(), seen.end(), [&](int v) { return v != t + 1; })) ++wrong;
            }
        });
    for (auto& c : callers) c.join();
    CHECK(wrong == 0);
}
