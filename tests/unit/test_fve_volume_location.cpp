// Where a volume is: PATH, PATH@OFFSET and the --offset/--length byte counts.
#include <catch2/catch.hpp>

#include "bde/volume_location.hpp"

using namespace bde;

TEST_CASE("byte counts accept decimal, hex, sectors and binary units", "[unit][fve]") {
    CHECK(*parse_byte_count("1048576") == 1048576);
    CHECK(*parse_byte_count("0x100000") == 1048576);
    CHECK(*parse_byte_count("2048s") == 1048576);
    CHECK(*parse_byte_count("1M") == 1048576);
    CHECK(*parse_byte_count("1k") == 1024);
    CHECK(*parse_byte_count("2G") == 2ull << 30);
    for (const char* bad : {"", "M", "12x", "-5", "0x", "1.5M", "99999999999999999999", "20000000T"}) {
        INFO(bad);
        auto r = parse_byte_count(bad);
        REQUIRE(!r);
        CHECK(r.error().code == Errc::usage);
    }
}

TEST_CASE("PATH@OFFSET splits unless the whole text is an existing file", "[unit][fve]") {
    auto w = parse_volume_location("/nonexistent/disk.img@1M");
    REQUIRE(w);
    CHECK(w->path == "/nonexistent/disk.img");
    CHECK(w->offset == 1048576);
    CHECK(w->display() == "/nonexistent/disk.img@1048576");
    auto plain = parse_volume_location("/dev/sda2");
    REQUIRE(plain);
    CHECK(plain->offset == 0);
    CHECK(plain->display() == "/dev/sda2");
    auto options = parse_volume_location("disk.img", std::string("2048s"), std::string("100M"));
    REQUIRE(options);
    CHECK(options->offset == 1048576);
    CHECK(options->length == 100ull << 20);
    CHECK(options->display() == "disk.img@1048576+104857600");
    CHECK(parse_volume_location("/nonexistent/disk.img@nope").error().code == Errc::usage);
    CHECK(open_location({"/nonexistent/disk.img"}).error().code == Errc::not_found);
}
