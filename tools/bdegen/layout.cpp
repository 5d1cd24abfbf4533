#include "layout.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

namespace bdegen {
namespace {

constexpr std::uint64_t kAlign = 64 * 1024;

// True when [offset, offset + length) of the file reads as zeros (holes count as zeros).
bde::Result<bool> all_zero(int fd, std::uint64_t offset, std::uint64_t length) {
    off_t data = ::lseek(fd, static_cast<off_t>(offset), SEEK_DATA);
    if (data < 0 && errno == ENXIO) return true;  // only a hole from here to the end
    if (data >= 0 && static_cast<std::uint64_t>(data) >= offset + length) return true;
    std::vector<std::uint8_t> buf(length);
    ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(offset));
    if (n != static_cast<ssize_t>(length))
        return bde::fail(bde::Errc::io, "Cannot read the plaintext image.",
                         fmt::format("pread at {}: {}", offset, n < 0 ? std::strerror(errno) : "short read"));
    return std::all_of(buf.begin(), buf.end(), [](std::uint8_t b) { return b == 0; });
}

struct Span {
    std::uint64_t begin, end;
    bool overlaps(std::uint64_t b, std::uint64_t e) const { return b < end && begin < e; }
};

// First aligned all-zero span of `length` bytes at or after `target`, wrapping around once.
bde::Result<std::optional<std::uint64_t>> find_zero_span(int fd, std::uint64_t volume_size, std::uint64_t target,
                                                         std::uint64_t length, const std::vector<Span>& taken) {
    // Keep clear of the boot area at the start and the NTFS backup boot sector at the end.
    const std::uint64_t first = kAlign;
    if (volume_size < 2 * kAlign + length) return std::optional<std::uint64_t>{};
    const std::uint64_t last = (volume_size - kAlign - length) / kAlign * kAlign;
    if (last < first) return std::optional<std::uint64_t>{};
    std::uint64_t start = std::clamp(target / kAlign * kAlign, first, last);
    std::uint64_t candidates = (last - first) / kAlign + 1;
    std::uint64_t at = start;
    for (std::uint64_t i = 0; i < candidates; ++i) {
        bool free = std::none_of(taken.begin(), taken.end(), [&](const Span& s) { return s.overlaps(at, at + length); });
        if (free) {
            auto zero = all_zero(fd, at, length);
            if (!zero) return std::unexpected(zero.error());
            if (*zero) return std::optional<std::uint64_t>(at);
        }
        at = at + kAlign > last ? first : at + kAlign;
    }
    return std::optional<std::uint64_t>{};
}

}  // namespace

bde::Result<Layout> find_layout(int fd, std::uint64_t volume_size) {
    // Copy 1 is followed by the boot-sector backup and the conversion area, as on Windows 10.
    const std::uint64_t first_length = kMetadataAreaSize + kBootBackupSize + kConversionAreaSize;
    const std::uint64_t targets[3] = {volume_size / 3, volume_size * 4 / 9, volume_size * 5 / 9};
    const std::uint64_t lengths[3] = {first_length, kMetadataAreaSize, kMetadataAreaSize};
    Layout layout;
    std::vector<Span> taken;
    for (int i = 0; i < 3; ++i) {
        auto found = find_zero_span(fd, volume_size, targets[i], lengths[i], taken);
        if (!found) return std::unexpected(found.error());
        if (!*found)
            return bde::fail(bde::Errc::usage,
                             fmt::format("The plaintext image has no free room for BitLocker metadata copy {}: it "
                                         "needs an all-zero, 64 KiB-aligned area of {} KiB. Make the file-system "
                                         "image larger or fill it less.",
                                         i + 1, lengths[i] / 1024));
        layout.metadata[i] = **found;
        taken.push_back({**found, **found + lengths[i]});
    }
    layout.boot_backup = layout.metadata[0] + kMetadataAreaSize;
    layout.conversion_area = layout.boot_backup + kBootBackupSize;
    return layout;
}

}  // namespace bdegen
