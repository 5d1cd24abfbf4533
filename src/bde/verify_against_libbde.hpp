#pragma once
// Before our reader is trusted, its output is compared with libbde's on the same volume: the first MiB
// and a number of sectors picked at random across the volume.
#include <cstdint>

#include "io/block_source.hpp"

namespace bde {

struct VerifyReport {
    std::uint64_t bytes_compared = 0;
    int random_sectors = 0;
    int unreadable_sectors = 0;  // bad sectors of the source, skipped
};

// Errc::verify_failed naming the first byte offset where the two differ. Sectors neither can read are
// skipped (Errc::io only when nothing could be compared).
Result<VerifyReport> verify_against_libbde(const BlockSource& decrypted, const BlockSource& libbde, int random_sectors = 64);

}  // namespace bde
