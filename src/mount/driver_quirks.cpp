#include "mount/driver_quirks.hpp"

#include <ctime>

namespace bde {

std::int64_t fusefat_true_mtime_ns(std::int64_t shown_ns) {
    std::int64_t sub = shown_ns % 1000000000;
    time_t secs = static_cast<time_t>(shown_ns / 1000000000);
    std::tm tm{};
    if (!localtime_r(&secs, &tm)) return shown_ns;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1;
    time_t back = std::mktime(&tm);
    if (back == static_cast<time_t>(-1)) return shown_ns;
    return static_cast<std::int64_t>(back) * 1000000000 + sub;
}

}  // namespace bde
