#include "bde/verify_against_libbde.hpp"

#include <fmt/format.h>

#include <random>
#include <vector>

namespace bde {
namespace {

Result<bool> same_range(const BlockSource& a, const BlockSource& b, std::uint64_t offset, std::size_t length,
                        std::vector<std::uint8_t>& buf_a, std::vector<std::uint8_t>& buf_b) {
    buf_a.resize(length);
    buf_b.resize(length);
    auto na = a.read_at(offset, buf_a);
    if (!na) return std::unexpected(na.error());
    auto nb = b.read_at(offset, buf_b);
    if (!nb) return std::unexpected(nb.error());
    return *na == *nb && std::equal(buf_a.begin(), buf_a.begin() + static_cast<long>(*na), buf_b.begin());
}

}  // namespace

Result<VerifyReport> verify_against_libbde(const BlockSource& decrypted, const BlockSource& libbde, int random_sectors) {
    const std::uint64_t size = std::min(decrypted.size(), libbde.size());
    const std::uint32_t sector = decrypted.sector_size() ? decrypted.sector_size() : 512;
    VerifyReport report;
    std::vector<std::uint8_t> a, b;
    auto differ = [&](std::uint64_t at) {
        return fail(Errc::verify_failed,
                    "Our decryption and libbde's disagree on this volume, so neither is trusted. Nothing was "
                    "written. Please report this volume's `bderescue info --json` output.",
                    fmt::format("first difference in the {} bytes at offset {}", sector, at));
    };
    // A bad sector of the source fails in both readers; it cannot be compared, so it is skipped (imaging
    // records it as unreadable). Any other difference is fatal.
    auto compare_sectors = [&](std::uint64_t from, std::uint64_t to) -> Result<void> {
        for (std::uint64_t s = from; s < to; s += sector) {
            auto one = same_range(decrypted, libbde, s, static_cast<std::size_t>(std::min<std::uint64_t>(sector, to - s)), a, b);
            if (!one && one.error().code == Errc::io) {
                ++report.unreadable_sectors;
                continue;
            }
            if (!one) return std::unexpected(one.error());
            if (!*one) return differ(s);
            report.bytes_compared += std::min<std::uint64_t>(sector, to - s);
        }
        return {};
    };
    const std::uint64_t head = std::min<std::uint64_t>(size, 1 << 20);
    for (std::uint64_t at = 0; at < head; at += 64 * 1024) {
        std::size_t len = static_cast<std::size_t>(std::min<std::uint64_t>(64 * 1024, head - at));
        auto same = same_range(decrypted, libbde, at, len, a, b);
        if (!same && same.error().code != Errc::io) return std::unexpected(same.error());
        if (!same || !*same) {
            if (auto r = compare_sectors(at, at + len); !r) return std::unexpected(r.error());
            if (same) return differ(at);  // differs as a whole but in no single sector: still a difference
            continue;
        }
        report.bytes_compared += len;
    }
    const std::uint64_t sectors = size / sector;
    if (sectors > 0) {
        std::mt19937_64 rng(std::random_device{}());
        std::uniform_int_distribution<std::uint64_t> pick(0, sectors - 1);
        for (int i = 0; i < random_sectors; ++i) {
            std::uint64_t at = pick(rng) * sector;
            auto same = same_range(decrypted, libbde, at, sector, a, b);
            if (!same && same.error().code == Errc::io) {
                ++report.unreadable_sectors;
                continue;
            }
            if (!same) return std::unexpected(same.error());
            if (!*same) return differ(at);
            report.bytes_compared += sector;
            ++report.random_sectors;
        }
    }
    if (report.bytes_compared == 0)
        return fail(Errc::io, "Nothing could be read from the start of the volume to check the decryption.");
    return report;
}

}  // namespace bde
