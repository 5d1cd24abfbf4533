#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "imaging/mapfile.hpp"

using namespace bde;

TEST_CASE("a fresh mapfile covers the source as non-tried", "[mapfile]") {
    Mapfile m(1000);
    REQUIRE(m.blocks().size() == 1);
    CHECK(m.blocks()[0] == MapBlock{0, 1000, MapStatus::non_tried});
    CHECK(m.bytes_with(MapStatus::non_tried) == 1000);
}

TEST_CASE("set splits and merges blocks", "[mapfile]") {
    Mapfile m(1000);
    m.set(0, 100, MapStatus::finished);
    m.set(100, 100, MapStatus::finished);
    REQUIRE(m.blocks().size() == 2);
    CHECK(m.blocks()[0] == MapBlock{0, 200, MapStatus::finished});
    m.set(500, 10, MapStatus::bad);
    REQUIRE(m.blocks().size() == 4);
    CHECK(m.blocks()[1] == MapBlock{200, 300, MapStatus::non_tried});
    CHECK(m.blocks()[2] == MapBlock{500, 10, MapStatus::bad});
    CHECK(m.blocks()[3] == MapBlock{510, 490, MapStatus::non_tried});
    m.set(150, 800, MapStatus::finished);
    REQUIRE(m.blocks().size() == 2);
    CHECK(m.blocks()[0] == MapBlock{0, 950, MapStatus::finished});
    CHECK(m.blocks()[1] == MapBlock{950, 50, MapStatus::non_tried});
    m.set(900, 500, MapStatus::bad);  // clipped at the end of the source
    CHECK(m.blocks().back() == MapBlock{900, 100, MapStatus::bad});
    CHECK(m.bytes_with(MapStatus::finished) + m.bytes_with(MapStatus::bad) == 1000);
}

TEST_CASE("serialize then parse gives the same map", "[mapfile]") {
    Mapfile m(0x10000);
    m.set(0, 0x4000, MapStatus::finished);
    m.set(0x4000, 0x200, MapStatus::bad);
    m.set(0x4200, 0x1000, MapStatus::finished);
    m.current_pos = 0x5200;
    std::string text = m.serialize("bderescue image x -o y");
    CHECK(text.find("# Command line: bderescue image x -o y") != std::string::npos);
    CHECK(text.find("0x00004000  0x00000200  -\n") != std::string::npos);
    auto back = Mapfile::parse(text, 0x10000);
    REQUIRE(back);
    CHECK(back->blocks() == m.blocks());
    CHECK(back->current_pos == 0x5200);
    CHECK(back->current_status == '?');
}

TEST_CASE("a GNU ddrescue mapfile is read, including old versions without the pass column", "[mapfile]") {
    const char* ddrescue =
        "# Mapfile. Created by GNU ddrescue version 1.27\n"
        "# Command line: ddrescue -d /dev/sdb disk.img disk.map\n"
        "# Start time:   2023-01-01 10:00:00\n"
        "# Current time: 2023-01-01 10:05:00\n"
        "# Copying non-tried blocks... Pass 1 (forwards)\n"
        "# current_pos  current_status  current_pass\n"
        "0x00020000     ?               1\n"
        "#      pos        size  status\n"
        "0x00000000  0x00010000  +\n"
        "0x00010000  0x00000400  *\n"
        "0x00010400  0x00000200  -\n"
        "0x00010600  0x0000FA00  ?\n";
    auto m = Mapfile::parse(ddrescue, 0x40000);
    REQUIRE(m);
    CHECK(m->current_pos == 0x20000);
    CHECK(m->bytes_with(MapStatus::finished) == 0x10000);
    CHECK(m->bytes_with(MapStatus::non_trimmed) == 0x400);
    CHECK(m->bytes_with(MapStatus::bad) == 0x200);
    // What the text does not cover is still to do.
    CHECK(m->bytes_with(MapStatus::non_tried) == 0x40000 - 0x10000 - 0x400 - 0x200);

    auto old = Mapfile::parse("# Rescue Logfile\n0x00000200     +\n0  512  +\n512 512 -\n", 2048);
    REQUIRE(old);
    CHECK(old->bytes_with(MapStatus::bad) == 512);
    CHECK(old->current_pass == 1);
}

TEST_CASE("a damaged or foreign mapfile is refused", "[mapfile]") {
    CHECK(Mapfile::parse("0 ?\n0 100 +\n50 100 +\n", 1000).error().code == Errc::corrupt);  // overlap
    CHECK(Mapfile::parse("0 ?\n0 100 X\n", 1000).error().code == Errc::corrupt);          // unknown status
    CHECK(Mapfile::parse("garbage\n", 1000).error().code == Errc::corrupt);
    auto bigger = Mapfile::parse("0 +\n0 0x10000 +\n", 1000);  // describes a bigger source
    REQUIRE(!bigger);
    CHECK(bigger.error().code == Errc::usage);
}

TEST_CASE("save writes the mapfile atomically and load reads it back", "[mapfile]") {
    auto dir = std::filesystem::temp_directory_path() / "bderescue-test-mapfile";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto path = (dir / "x.map").string();
    auto fresh = Mapfile::load(path, 4096);  // missing = fresh
    REQUIRE(fresh);
    CHECK(fresh->bytes_with(MapStatus::non_tried) == 4096);
    Mapfile m(4096);
    m.set(512, 512, MapStatus::bad);
    REQUIRE(m.save(path));
    CHECK(!std::filesystem::exists(path + ".bderescue-new"));
    auto back = Mapfile::load(path, 4096);
    REQUIRE(back);
    CHECK(back->blocks() == m.blocks());
    std::filesystem::remove_all(dir);
}
