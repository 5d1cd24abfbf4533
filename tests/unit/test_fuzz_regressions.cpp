// Inputs the libFuzzer targets (fuzz/) found to break a parser, reduced to what went wrong.
#include <catch2/catch.hpp>

#include <chrono>

#include "bde/volume_info.hpp"
#include "fve_block_builder.hpp"

using namespace bde;
using namespace bde::test;

TEST_CASE("FILETIMEs past what the clock can hold are unknown, not an overflow (fuzz_volume)", "[unit][fve][fuzz]") {
    using namespace std::chrono;
    // 2024-03-21 00:00:00 UTC still converts exactly.
    auto march = from_filetime(133554528000000000ULL);
    REQUIRE(march);
    CHECK(duration_cast<seconds>(march->time_since_epoch()).count() == 1710979200);
    // Damaged metadata: a FILETIME after the year 2262 overflowed the nanosecond clock (UBSan: signed overflow).
    CHECK_FALSE(from_filetime(UINT64_MAX));
    CHECK_FALSE(from_filetime(0x04D7'0000'0000'0000ULL));
    CHECK_FALSE(from_filetime(0));

    // The same through read_volume_info: the volume opens, its creation date is just unknown.
    BlockFields f;
    f.encrypted_size = 4 << 20;
    auto block = fve_block(concat({entry(0x0007, 0x0002, utf16("PC C: 1/2/2024"))}), f);
    for (int i = 0; i < 8; ++i) block[64 + 40 + i] = 0xFF;  // metadata header: creation FILETIME
    refresh_crc(block);
    MemorySource volume(small_volume(block, f));
    auto info = read_volume_info(volume);
    REQUIRE(info);
    CHECK_FALSE(info->created);
    CHECK(info->description == "PC C: 1/2/2024");
}
