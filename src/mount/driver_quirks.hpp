#pragma once
// Known mistakes of the file-system drivers we mount with, and how we undo them.
#include <cstdint>

namespace bde {

// fusefat 0.1a puts the FAT month (1-12) into struct tm's 0-based month: every date shows one month
// late (Dec 20 -> Jan 20 next year; Jan 31 -> "Feb 31" = Mar 2/3). This steps one month back in local
// time. Exact except for the 29th-31st of a month followed by a shorter one, which are ambiguous
// after fusefat's overflow (Jan 31 and Feb 2 both show as Mar 2/3): those come back as the later date.
std::int64_t fusefat_true_mtime_ns(std::int64_t shown_ns);

}  // namespace bde
