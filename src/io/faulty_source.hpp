#pragma once
// A BlockSource wrapper for tests and drills: chosen byte ranges fail with Errc::io (like a disk's bad
// sectors), optionally only for their first N reads (a flaky sector), and reads can be slowed down (a fixed
// delay per read, or a cap on throughput shared by all threads: a slow disk whatever the machine's speed).
// Lets the copy and imaging code be tested against read errors without a failing disk.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "io/block_source.hpp"

namespace bde {

class FaultySource final : public BlockSource {
public:
    struct Fault {
        std::uint64_t offset = 0;
        std::uint64_t length = 0;
        int failures = -1;  // reads that fail before the range heals; -1 = never heals
    };

    explicit FaultySource(std::shared_ptr<const BlockSource> inner) : inner_(std::move(inner)) {}

    // Marks sectors [first_sector, first_sector + count) bad (in units of sector_size()).
    void add_bad_sectors(std::uint64_t first_sector, std::uint64_t count, int failures = -1);
    void add_fault(Fault fault);
    void set_delay_per_read(std::chrono::microseconds delay) { delay_us_ = delay.count(); }
    // At most bytes_per_second over all readers together; 0 removes the cap.
    void set_throughput_limit(std::uint64_t bytes_per_second) { rate_ = bytes_per_second; }

    std::uint64_t size() const override { return inner_->size(); }
    std::uint32_t sector_size() const override { return inner_->sector_size(); }
    Result<std::size_t> read_at(std::uint64_t offset, std::span<std::uint8_t> out) const override;
    std::string name() const override { return inner_->name(); }

    std::uint64_t reads() const { return reads_.load(); }
    std::uint64_t failed_reads() const { return failed_reads_.load(); }

private:
    void throttle(std::size_t bytes) const;

    std::shared_ptr<const BlockSource> inner_;
    mutable std::mutex mutex_;
    mutable std::vector<Fault> faults_;
    std::atomic<long long> delay_us_{0};
    std::atomic<std::uint64_t> rate_{0};
    mutable std::mutex rate_mutex_;
    mutable std::chrono::steady_clock::time_point next_free_{};
    mutable std::atomic<std::uint64_t> reads_{0};
    mutable std::atomic<std::uint64_t> failed_reads_{0};
};

}  // namespace bde
