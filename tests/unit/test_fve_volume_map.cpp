// The decrypted volume's layout: which ranges are decrypted, relocated, zeroed or passed through.
#include <catch2/catch.hpp>

#include "bde/volume_map.hpp"

using namespace bde;

namespace {

VolumeInfo typical() {
    VolumeInfo i;
    i.volume_size = 100ull << 20;
    i.encrypted_size = i.volume_size;
    i.sector_size = 512;
    i.metadata_offsets = {0x2195000, 0x2c1d000, 0x373a000};
    i.metadata_area_size = 65536;
    i.header_backup_offset = 0x21a5000;
    i.header_backup_size = 8192;
    return i;
}

void check_contiguous(const VolumeMap& m) {
    std::uint64_t at = 0;
    for (const Segment& s : m.segments()) {
        CHECK(s.offset == at);
        CHECK(s.length > 0);
        at = s.end();
    }
    CHECK(at == m.size());
}

}  // namespace

TEST_CASE("a fully encrypted volume: relocated header, zeroed areas, the rest decrypted in place", "[unit][fve]") {
    auto m = VolumeMap::from(typical());
    check_contiguous(m);
    CHECK(m.segment_at(0).kind == SegmentKind::relocated_header);
    CHECK(m.segment_at(0).source_offset == 0x21a5000);
    CHECK(m.segment_at(8191).kind == SegmentKind::relocated_header);
    CHECK(m.segment_at(8192).kind == SegmentKind::decrypt);
    CHECK(m.segment_at(8192).source_offset == 8192);
    CHECK(m.segment_at(0x2195000).kind == SegmentKind::zeros);
    CHECK(m.segment_at(0x2195000 + 65535).kind == SegmentKind::zeros);
    CHECK(m.segment_at(0x2195000 + 65536).kind == SegmentKind::zeros);  // the backup area follows at 0x21a5000
    CHECK(m.segment_at(0x21a5000 + 8192).kind == SegmentKind::decrypt);
    CHECK(m.segment_at(0x373a000 - 1).kind == SegmentKind::decrypt);
    CHECK(m.segment_at(m.size() - 1).kind == SegmentKind::decrypt);
}

TEST_CASE("past the conversion boundary data passes through, the area being converted reads as zeros", "[unit][fve]") {
    auto i = typical();
    i.encrypted_size = 60ull << 20;
    i.conversion_size = 1 << 20;
    auto m = VolumeMap::from(i);
    check_contiguous(m);
    CHECK(m.segment_at(i.encrypted_size - 1).kind == SegmentKind::decrypt);
    CHECK(m.segment_at(i.encrypted_size).kind == SegmentKind::zeros);
    CHECK(m.segment_at(i.encrypted_size + (1 << 20)).kind == SegmentKind::plain);
    CHECK(m.segment_at(i.encrypted_size + (1 << 20)).source_offset == i.encrypted_size + (1 << 20));
    CHECK(m.segment_at(m.size() - 1).kind == SegmentKind::plain);
}

TEST_CASE("4K sectors, unaligned areas and a plain header backup", "[unit][fve]") {
    auto i = typical();
    i.sector_size = 4096;
    i.metadata_offsets = {0x2195000 + 100, 0x2c1d000, 0x373a000};  // widened to whole sectors
    i.header_backup_encrypted = false;
    auto m = VolumeMap::from(i);
    check_contiguous(m);
    for (const Segment& s : m.segments()) {
        CHECK(s.offset % 4096 == 0);
        CHECK(s.length % 4096 == 0);
    }
    CHECK(m.segment_at(0).kind == SegmentKind::plain);
    CHECK(m.segment_at(0).source_offset == 0x21a5000);
    CHECK(m.segment_at(0x2195000).kind == SegmentKind::zeros);
}

TEST_CASE("Vista: fixed-up boot sectors, 15 clear sectors, no relocated header", "[unit][fve]") {
    auto i = typical();
    i.vista = true;
    i.header_backup_size = 0;
    i.header_backup_offset = 0;
    i.metadata_area_size = 16384;
    auto m = VolumeMap::from(i);
    check_contiguous(m);
    CHECK(m.segment_at(0).kind == SegmentKind::vista_fixup);
    CHECK(m.segment_at(512).kind == SegmentKind::plain);
    CHECK(m.segment_at(8191).kind == SegmentKind::plain);
    CHECK(m.segment_at(8192).kind == SegmentKind::decrypt);
    CHECK(m.segment_at(m.size() - 1).kind == SegmentKind::vista_fixup);
    CHECK(m.segment_at(0x2195000 + 16384).kind == SegmentKind::decrypt);
}
