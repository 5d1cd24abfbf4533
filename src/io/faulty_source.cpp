#include "io/faulty_source.hpp"

#include <fmt/format.h>

#include <thread>

namespace bde {

void FaultySource::add_bad_sectors(std::uint64_t first_sector, std::uint64_t count, int failures) {
    add_fault({first_sector * sector_size(), count * sector_size(), failures});
}

void FaultySource::add_fault(Fault fault) {
    std::lock_guard lock(mutex_);
    faults_.push_back(fault);
}

// Each read books the next free slot of the shared "disk" and sleeps until its slot ends, so concurrent
// readers together never exceed the rate.
void FaultySource::throttle(std::size_t bytes) const {
    std::uint64_t rate = rate_.load();
    if (rate == 0) return;
    auto cost = std::chrono::nanoseconds(static_cast<std::int64_t>(bytes * 1'000'000'000.0 / static_cast<double>(rate)));
    std::chrono::steady_clock::time_point until;
    {
        std::lock_guard lock(rate_mutex_);
        next_free_ = std::max(next_free_, std::chrono::steady_clock::now()) + cost;
        until = next_free_;
    }
    std::this_thread::sleep_until(until);
}

Result<std::size_t> FaultySource::read_at(std::uint64_t offset, std::span<std::uint8_t> out) const {
    reads_.fetch_add(1);
    if (auto us = delay_us_.load(); us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
    throttle(out.size());
    std::uint64_t end = offset + out.size();
    {
        std::lock_guard lock(mutex_);
        for (auto& f : faults_) {
            if (f.failures == 0 || f.length == 0) continue;
            if (offset < f.offset + f.length && f.offset < end) {
                if (f.failures > 0) --f.failures;
                failed_reads_.fetch_add(1);
                std::uint64_t at = std::max(offset, f.offset);
                return fail(Errc::io, fmt::format("Read error on {} at byte {}.", name(), at),
                            "injected fault (Input/output error)");
            }
        }
    }
    return inner_->read_at(offset, out);
}

}  // namespace bde
