// The FVE metadata parser on crafted blocks: well-formed ones, new entry types, and every kind of
// damage we can think of (sizes out of bounds, zero-size entries, truncation, bad checksums).
#include <catch2/catch.hpp>

#include <random>

#include "bde/fve_entries.hpp"
#include "bde/fve_metadata.hpp"
#include "fve_block_builder.hpp"

using namespace bde;
using namespace bde::test;

namespace {

std::vector<std::uint8_t> typical_entries() {
    auto rp_vmk = vmk_entry(0x11, 0x0800,
                            concat({stretch_key_entry(0x5A, concat({entry(0x0012, 0x0005, wrapped(16)),
                                                                    entry(0x0013, 0x0005, wrapped(32))})),
                                    entry(0x0000, 0x0005, wrapped(44)),
                                    entry(0x0000, 0x0015, std::vector<std::uint8_t>(20, 1))}));
    auto pw_vmk = vmk_entry(0x22, 0x2000, concat({entry(0x0000, 0x0002, utf16("DiskPassword")),
                                                  stretch_key_entry(0x6B), entry(0x0000, 0x0005, wrapped(44))}));
    std::vector<std::uint8_t> header_block;
    put64(header_block, 0x110000);
    put64(header_block, 8192);
    return concat({entry(0x0007, 0x0002, utf16("DESKTOP-B8H4DIM C: 3/21/2024")), rp_vmk, pw_vmk,
                   entry(0x0003, 0x0005, wrapped(44)), entry(0x000F, 0x000F, header_block)});
}

}  // namespace

TEST_CASE("a well-formed block yields description, protectors, wrapped keys and header location", "[unit][fve]") {
    auto m = parse_fve_metadata(fve_block(typical_entries()));
    REQUIRE(m);
    CHECK(m->checksum_verified);
    CHECK(m->description == "DESKTOP-B8H4DIM C: 3/21/2024");
    CHECK(m->method == 0x8004);
    CHECK(m->current_state == 4);
    CHECK(m->encrypted_size == 100ull << 20);
    REQUIRE(m->vmks.size() == 2);
    CHECK(m->vmks[0].protection == 0x0800);
    REQUIRE(m->vmks[0].salt);
    CHECK((*m->vmks[0].salt)[0] == 0x5A);
    CHECK(m->vmks[0].stretch_nested.size() == 2);
    CHECK(m->vmks[0].wrapped_vmk.size() == 1);
    CHECK(m->vmks[0].wrapped_vmk[0].ciphertext.size() == 44);
    CHECK(m->vmks[1].name == "DiskPassword");
    REQUIRE(m->wrapped_fvek);
    CHECK(m->header_block_offset == 0x110000u);
    CHECK(m->header_block_size == 8192u);
    CHECK(m->skipped_entries == 1);  // the 0x0015 backup record
}

TEST_CASE("new entry and value types and entry version 5 are skipped, not fatal", "[unit][fve]") {
    auto entries = concat({entry(0x0015, 0x0015, std::vector<std::uint8_t>(12, 3)),
                           entry(0x0018, 0x0018, utf16("hint")),
                           vmk_entry(0x33, 0x0000, concat({entry(0x0000, 0x0001, std::vector<std::uint8_t>(36, 7)),
                                                           entry(0x0000, 0x0005, wrapped(44))})),
                           entry(0x0003, 0x0005, wrapped(44), 5)});
    auto m = parse_fve_metadata(fve_block(entries));
    REQUIRE(m);
    CHECK(m->skipped_entries == 2);
    REQUIRE(m->vmks.size() == 1);
    CHECK(m->vmks[0].clear_key.size() == 32);
    CHECK(m->wrapped_fvek);
}

TEST_CASE("entries with impossible sizes are damage, reported without reading out of bounds", "[unit][fve]") {
    SECTION("an entry smaller than its own header") {
        auto e = typical_entries();
        e[0] = 4, e[1] = 0;
        auto m = parse_fve_metadata(fve_block(e));
        REQUIRE(!m);
        CHECK(m.error().code == Errc::corrupt);
        CHECK(m.error().detail.find("size 4") != std::string::npos);
    }
    SECTION("an entry running past the metadata") {
        auto e = typical_entries();
        e[0] = 0xFF, e[1] = 0x7F;
        auto m = parse_fve_metadata(fve_block(e));
        REQUIRE(!m);
        CHECK(m.error().code == Errc::corrupt);
    }
    SECTION("a nested property running past its protector") {
        auto props = concat({stretch_key_entry(0x01), entry(0x0000, 0x0005, wrapped(44))});
        props[0] = 0xF0;  // stretch key claims 240 bytes
        auto m = parse_fve_metadata(fve_block(vmk_entry(0x44, 0x0800, props)));
        REQUIRE(!m);
        CHECK(m.error().code == Errc::corrupt);
    }
    SECTION("a protector too short for its fixed part") {
        auto m = parse_fve_metadata(fve_block(entry(0x0002, 0x0008, std::vector<std::uint8_t>(10, 0))));
        REQUIRE(!m);
        CHECK(m.error().code == Errc::corrupt);
    }
}

TEST_CASE("a zero-size entry ends the list instead of looping", "[unit][fve]") {
    auto e = concat({entry(0x0007, 0x0002, utf16("X")), std::vector<std::uint8_t>(8, 0),
                     entry(0x0003, 0x0005, wrapped(44))});
    auto m = parse_fve_metadata(fve_block(e));
    REQUIRE(m);
    CHECK(m->description == "X");
    CHECK_FALSE(m->wrapped_fvek);  // after the terminator: not read
    auto list = split_entries(std::vector<std::uint8_t>(4096, 0));
    REQUIRE(list);
    CHECK(list->empty());
}

TEST_CASE("header sizes and counts out of range are damage", "[unit][fve]") {
    auto good = fve_block(typical_entries());
    SECTION("metadata size far beyond the block") {
        auto b = good;
        put_le64(b.data() + 64, 0xFFFFFFFFu);  // also overwrites the version: both are checked
        refresh_crc(b);
        CHECK(parse_fve_metadata(b).error().code == Errc::corrupt);
    }
    SECTION("block size beyond 64 KiB") {
        auto b = good;
        b[8] = 0xFF, b[9] = 0xFF;
        CHECK(parse_fve_metadata(b).error().code == Errc::corrupt);
    }
    SECTION("unknown block version") {
        auto b = good;
        b[10] = 9;
        CHECK(parse_fve_metadata(b).error().code == Errc::corrupt);
    }
    SECTION("a checksum that does not match") {
        auto b = good;
        b[200] ^= 1;
        auto m = parse_fve_metadata(b);
        REQUIRE(!m);
        CHECK(m.error().detail == "checksum mismatch");
    }
    SECTION("truncated reads") {
        for (std::size_t n : {0u, 8u, 100u, 111u, 300u}) {
            auto m = parse_fve_metadata(std::span(good.data(), n));
            REQUIRE(!m);
            CHECK(m.error().code == Errc::corrupt);
        }
    }
    SECTION("no signature") {
        auto b = good;
        b[0] = 'X';
        CHECK(parse_fve_metadata(b).error().detail.find("signature") != std::string::npos);
    }
}

TEST_CASE("random damage never crashes the parser", "[unit][fve]") {
    auto good = fve_block(typical_entries());
    std::mt19937 rng(12345);
    int parsed = 0;
    for (int round = 0; round < 3000; ++round) {
        auto b = good;
        int flips = 1 + static_cast<int>(rng() % 8);
        for (int k = 0; k < flips; ++k) b[rng() % 1200] = static_cast<std::uint8_t>(rng());
        if (round % 2) refresh_crc(b);  // get past the checksum half of the time, into the entries
        auto m = parse_fve_metadata(b);
        if (m) {
            ++parsed;
            CHECK(m->vmks.size() <= 8);
        } else {
            CHECK(m.error().code == Errc::corrupt);
        }
    }
    CHECK(parsed > 0);
}
