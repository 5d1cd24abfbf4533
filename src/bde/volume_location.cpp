#include "bde/volume_location.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cctype>
#include <charconv>

namespace bde {

std::string VolumeLocation::display() const {
    if (!offset && !length) return path;
    if (!length) return fmt::format("{}@{}", path, offset);
    return fmt::format("{}@{}+{}", path, offset, length);
}

Result<std::uint64_t> parse_byte_count(std::string_view text) {
    auto bad = [&] {
        return fail(Errc::usage, fmt::format("'{}' is not a byte count (examples: 1048576, 0x100000, 2048s, 1M).", text));
    };
    if (text.empty()) return bad();
    int base = 10;
    std::string_view digits = text;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        base = 16;
        digits.remove_prefix(2);
    }
    std::uint64_t unit = 1;
    if (base == 10 && !digits.empty() && !std::isdigit(static_cast<unsigned char>(digits.back()))) {
        switch (std::toupper(static_cast<unsigned char>(digits.back()))) {
            case 'S': unit = 512; break;
            case 'K': unit = 1ULL << 10; break;
            case 'M': unit = 1ULL << 20; break;
            case 'G': unit = 1ULL << 30; break;
            case 'T': unit = 1ULL << 40; break;
            default: return bad();
        }
        digits.remove_suffix(1);
    }
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return bad();
    if (value > UINT64_MAX / unit) return bad();
    return value * unit;
}

Result<VolumeLocation> parse_volume_location(std::string_view text, std::optional<std::string> offset,
                                             std::optional<std::string> length) {
    VolumeLocation where;
    where.path = std::string(text);
    struct stat st{};
    auto at = text.rfind('@');
    if (at != std::string_view::npos && at > 0 && ::stat(where.path.c_str(), &st) != 0) {
        auto off = parse_byte_count(text.substr(at + 1));
        if (!off) return std::unexpected(off.error());
        where.path = std::string(text.substr(0, at));
        where.offset = *off;
    }
    if (offset) {
        auto off = parse_byte_count(*offset);
        if (!off) return std::unexpected(off.error());
        where.offset = *off;
    }
    if (length) {
        auto len = parse_byte_count(*length);
        if (!len) return std::unexpected(len.error());
        where.length = *len;
    }
    return where;
}

Result<std::shared_ptr<FileSource>> open_location(const VolumeLocation& where) {
    auto src = FileSource::open(where.path, where.offset, where.length);
    if (!src) return std::unexpected(src.error());
    return std::shared_ptr<FileSource>(std::move(*src));
}

}  // namespace bde
