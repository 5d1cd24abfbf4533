#include <catch2/catch.hpp>

#include "keys/key_id.hpp"

using namespace bde;

TEST_CASE("key IDs parse with or without braces, any case", "[keyid]") {
    auto a = KeyId::parse("{AC9D5655-F7CA-4D1D-902F-1B6087118138}");
    auto b = KeyId::parse("ac9d5655-f7ca-4d1d-902f-1b6087118138");
    auto c = KeyId::parse("  AC9D5655F7CA4D1D902F1B6087118138 ");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(*a == *b);
    CHECK(*a == *c);
    CHECK(a->str() == "AC9D5655-F7CA-4D1D-902F-1B6087118138");
    CHECK(a->braced() == "{AC9D5655-F7CA-4D1D-902F-1B6087118138}");
    CHECK(a->short_str() == "AC9D5655");
    CHECK_FALSE(KeyId::parse("AC9D5655-F7CA-4D1D-902F-1B608711813"));
    CHECK_FALSE(KeyId::parse("XC9D5655-F7CA-4D1D-902F-1B6087118138"));
    CHECK(KeyId::parse("nope").error().code == Errc::usage);
}

TEST_CASE("key IDs convert from the mixed-endian bytes on disk", "[keyid]") {
    // {4381F759-C4F8-4DE0-BB61-FC33A831BDA5} as stored in a .BEK header.
    const std::uint8_t disk[16] = {0x59, 0xF7, 0x81, 0x43, 0xF8, 0xC4, 0xE0, 0x4D,
                                   0xBB, 0x61, 0xFC, 0x33, 0xA8, 0x31, 0xBD, 0xA5};
    KeyId id = KeyId::from_disk_bytes(disk);
    CHECK(id.str() == "4381F759-C4F8-4DE0-BB61-FC33A831BDA5");
    auto round = id.disk_bytes();
    CHECK(std::equal(round.begin(), round.end(), disk));
    CHECK_FALSE(id.is_null());
    CHECK(KeyId{}.is_null());
}

TEST_CASE("key ID prefixes match what people read off a screen", "[keyid]") {
    auto id = KeyId::parse("1F9DA098-0CC4-464D-A101-188E70F434A6").value();
    CHECK(KeyIdPattern::parse("1F9DA098").value().matches(id));
    CHECK(KeyIdPattern::parse("1f9da098-0cc4").value().matches(id));
    CHECK(KeyIdPattern::parse("{1F9DA098-0CC4-464D-A101-188E70F434A6}").value().is_full());
    CHECK_FALSE(KeyIdPattern::parse("1F9DA099").value().matches(id));
    CHECK_FALSE(KeyIdPattern::parse("1F9DA09"));  // too short to be safe
    CHECK(KeyIdPattern::exact(id).matches(id));
    CHECK(KeyIdPattern::parse("1f9da0980cc4").value().str() == "1F9DA098-0CC4");
}
