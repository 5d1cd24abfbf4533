#pragma once
// Timed sequential reads shared by the benchmarks: a BlockSource in 4 MiB reads, a file in 1 MiB reads.
// Both return bytes per second, or 0 when the read fails or ends before `limit`.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "io/block_source.hpp"

namespace bench {

using Clock = std::chrono::steady_clock;

inline double bytes_per_s(std::uint64_t bytes, Clock::time_point t0) {
    return static_cast<double>(bytes) / std::chrono::duration<double>(Clock::now() - t0).count();
}

inline double source_read_rate(const bde::BlockSource& src, std::uint64_t limit) {
    std::vector<std::uint8_t> buf(4 << 20);
    auto t0 = Clock::now();
    std::uint64_t done = 0;
    while (done < limit) {
        auto n = src.read_at(done, std::span(buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), limit - done))));
        if (!n || *n == 0) return 0;
        done += *n;
    }
    return bytes_per_s(done, t0);
}

inline double file_read_rate(const std::string& path, std::uint64_t limit) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return 0;
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);  // a FUSE file's own page cache, not its source's
    std::vector<char> buf(1 << 20);
    auto t0 = Clock::now();
    std::uint64_t done = 0;
    while (done < limit) {
        ssize_t n = ::read(fd, buf.data(), static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), limit - done)));
        if (n <= 0) break;
        done += static_cast<std::uint64_t>(n);
    }
    ::close(fd);
    return done == limit ? bytes_per_s(done, t0) : 0;
}

}  // namespace bench
