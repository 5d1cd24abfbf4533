#include <catch2/catch.hpp>

#include "util/ascii_case.hpp"

using bde::ascii_lower;
using bde::iequals;

TEST_CASE("names compare without case the way Windows compares them", "[unit]") {
    CHECK(iequals("Users", "USERS"));
    CHECK(iequals("AC9D5655-F7CA", "ac9d5655-f7ca"));
    CHECK_FALSE(iequals("Users", "User"));
    CHECK_FALSE(iequals("Anna", "Anne"));
    CHECK(iequals("", ""));
}

TEST_CASE("only ASCII letters change case: UTF-8 bytes stay as they are", "[unit]") {
    CHECK(ascii_lower("OneDrive - Contoso") == "onedrive - contoso");
    CHECK(ascii_lower("\xC3\x84RGER") == "\xC3\x84rger");  // "ÄRGER": the Ä is two bytes, left alone
    CHECK_FALSE(iequals("\xC3\x84", "\xC3\xA4"));           // Ä and ä are not folded
    CHECK(ascii_lower("0x0C") == "0x0c");
}
