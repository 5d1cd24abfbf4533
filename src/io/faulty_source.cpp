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

Result<std::size_t> FaultySource::read_at(std::uint64_t offset, std::span<std::uint8_t> out) const {
    reads_.fetch_add(1);
    if (auto us = delay_us_.load(); us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
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
