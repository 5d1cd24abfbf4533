#include "bde/volume_map.hpp"

#include <algorithm>

namespace bde {
namespace {

struct Rule {
    std::uint64_t begin, end;
    SegmentKind kind;
    std::uint64_t source_begin;  // source offset for `begin`
};

std::uint64_t round_down(std::uint64_t v, std::uint64_t unit) { return v / unit * unit; }
std::uint64_t round_up(std::uint64_t v, std::uint64_t unit) {
    return v > UINT64_MAX - unit ? round_down(UINT64_MAX, unit) : (v + unit - 1) / unit * unit;
}

}  // namespace

VolumeMap VolumeMap::from(const VolumeInfo& info) {
    const std::uint64_t ss = info.sector_size ? info.sector_size : 512;
    const std::uint64_t size = round_down(info.volume_size, ss);
    // Rules in priority order: the first that covers a byte decides it. Areas are widened to whole
    // sectors so that every decrypted piece is made of whole sectors.
    std::vector<Rule> rules;
    auto add = [&](std::uint64_t begin, std::uint64_t length, SegmentKind kind, std::uint64_t source) {
        if (length == 0 || begin >= size) return;
        std::uint64_t b = round_down(begin, ss);
        std::uint64_t e = std::min(round_up(begin + std::min(length, size - begin), ss), size);
        rules.push_back({b, e, kind, source - (begin - b)});
    };
    if (info.vista) {
        add(0, ss, SegmentKind::vista_fixup, 0);
        add(ss, 15 * ss, SegmentKind::plain, ss);  // sectors 1-15 were never encrypted
        add(size - ss, ss, SegmentKind::vista_fixup, size - ss);
    } else if (info.header_backup_size && info.header_backup_offset) {
        add(0, info.header_backup_size, info.header_backup_encrypted ? SegmentKind::relocated_header : SegmentKind::plain,
            info.header_backup_offset);
        add(info.header_backup_offset, info.header_backup_size, SegmentKind::zeros, 0);
    }
    for (std::uint64_t m : info.metadata_offsets)
        if (m) add(m, info.metadata_area_size, SegmentKind::zeros, 0);
    if (info.conversion_size) add(info.encrypted_size, info.conversion_size, SegmentKind::zeros, 0);
    if (info.encrypted_size < size) add(info.encrypted_size, size - info.encrypted_size, SegmentKind::plain, info.encrypted_size);

    std::vector<std::uint64_t> cuts = {0, size};
    for (const Rule& r : rules) {
        cuts.push_back(r.begin);
        cuts.push_back(r.end);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

    VolumeMap map;
    map.size_ = size;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        std::uint64_t b = cuts[i], e = cuts[i + 1];
        if (e > size || b >= e) continue;
        Segment s{b, e - b, SegmentKind::decrypt, b};
        for (const Rule& r : rules) {
            if (b >= r.begin && e <= r.end) {
                s.kind = r.kind;
                s.source_offset = r.kind == SegmentKind::zeros ? 0 : r.source_begin + (b - r.begin);
                break;
            }
        }
        // Merge with the previous piece when it continues it (same kind, contiguous source).
        if (!map.segments_.empty()) {
            Segment& last = map.segments_.back();
            if (last.kind == s.kind && (s.kind == SegmentKind::zeros || last.source_offset + last.length == s.source_offset)) {
                last.length += s.length;
                continue;
            }
        }
        map.segments_.push_back(s);
    }
    return map;
}

const Segment& VolumeMap::segment_at(std::uint64_t offset) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                               [](std::uint64_t o, const Segment& s) { return o < s.offset; });
    return *(it - 1);
}

}  // namespace bde
