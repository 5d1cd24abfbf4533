#pragma once
// How each byte range of the decrypted volume is produced, from the volume's metadata:
//   relocated_header: the original boot sectors, decrypted from where Windows moved them
//   zeros:            the three FVE metadata areas, the moved boot sectors' backup place, and the area
//                     being converted right now (Windows shows all of these as zeros too)
//   plain:            past the conversion boundary of a paused or partly encrypted volume: not encrypted
//   vista_fixup:      Vista's boot sector (and its copy at the end), stored with a BitLocker signature
//   decrypt:          everything else, decrypted where it lies
// Pure arithmetic: no I/O, unit-testable.
#include <cstdint>
#include <vector>

#include "bde/volume_info.hpp"

namespace bde {

enum class SegmentKind { decrypt, relocated_header, zeros, plain, vista_fixup };

struct Segment {
    std::uint64_t offset = 0;  // in the decrypted volume
    std::uint64_t length = 0;
    SegmentKind kind = SegmentKind::decrypt;
    std::uint64_t source_offset = 0;  // where the bytes are on the raw volume (also the IV/tweak base)
    std::uint64_t end() const { return offset + length; }
};

class VolumeMap {
public:
    static VolumeMap from(const VolumeInfo& info);
    // The segment holding `offset` (offset < size()).
    const Segment& segment_at(std::uint64_t offset) const;
    const std::vector<Segment>& segments() const { return segments_; }
    std::uint64_t size() const { return size_; }

private:
    std::vector<Segment> segments_;  // sorted, contiguous, covering [0, size_)
    std::uint64_t size_ = 0;
};

}  // namespace bde
