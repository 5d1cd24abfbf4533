// Startup key (.BEK) files: the Windows 10 and 11 layouts, and files that are not one.
#include <catch2/catch.hpp>

#include "bde/bek_file.hpp"
#include "fve_block_builder.hpp"

using namespace bde;
using namespace bde::test;

namespace {

std::vector<std::uint8_t> bek(bool with_volume_guid) {
    std::vector<std::uint8_t> key_prop;
    put32(key_prop, 0x2002);
    key_prop.insert(key_prop.end(), 32, 0xC3);
    std::vector<std::uint8_t> ext(16, 0x44);  // key ID
    put64(ext, 132000000000000000ULL);
    auto props = concat({entry(0x0000, 0x0002, utf16("ExternalKey")), entry(0x0000, 0x0001, key_prop)});
    if (with_volume_guid) props = concat({props, entry(0x0019, 0x0017, std::vector<std::uint8_t>(16, 0x55))});
    ext.insert(ext.end(), props.begin(), props.end());
    auto body = entry(0x0006, 0x0009, ext);
    std::vector<std::uint8_t> file;
    put32(file, static_cast<std::uint32_t>(48 + body.size()));
    put32(file, 1);
    put32(file, 48);
    put32(file, static_cast<std::uint32_t>(48 + body.size()));
    file.insert(file.end(), 16, 0x44);  // key ID again: the file's name
    put32(file, 0);
    put16(file, 0x2002);
    put16(file, 0);
    put64(file, 132000000000000000ULL);
    file.insert(file.end(), body.begin(), body.end());
    return file;
}

}  // namespace

TEST_CASE("a .BEK yields its key ID, its 32-byte key and (Windows 11) the volume GUID", "[unit][fve]") {
    auto ten = parse_bek(bek(false));
    REQUIRE(ten);
    CHECK(ten->key_id.str() == "44444444-4444-4444-4444-444444444444");
    REQUIRE(ten->key.size() == 32);
    CHECK(ten->key[0] == 0xC3);
    CHECK_FALSE(ten->volume_id);
    auto eleven = parse_bek(bek(true));
    REQUIRE(eleven);
    REQUIRE(eleven->volume_id);
    CHECK(eleven->volume_id->str() == "55555555-5555-5555-5555-555555555555");
}

TEST_CASE("files that are not startup keys are refused as malformed keys", "[unit][fve]") {
    auto good = bek(false);
    auto truncated = std::vector<std::uint8_t>(good.begin(), good.end() - 10);
    CHECK(parse_bek(truncated).error().code == Errc::malformed_key);  // size field no longer matches
    auto no_key = good;
    no_key[48 + 2] = 0x07;  // not an external-key entry
    CHECK(parse_bek(no_key).error().code == Errc::malformed_key);
    CHECK(parse_bek(std::vector<std::uint8_t>(10, 0)).error().code == Errc::malformed_key);
    auto bad_entry = good;
    bad_entry[48] = 3;  // entry size below its header
    CHECK(parse_bek(bad_entry).error().code == Errc::malformed_key);
}
