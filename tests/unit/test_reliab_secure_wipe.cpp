// Key bytes do not linger in memory the program still owns: a SecureBuffer that shrinks wipes the bytes it
// gives up (the storage stays allocated, so they can be inspected), and secure_wipe, which clear() and the
// destructor run over the whole storage before freeing it, really zeroes what it is given.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>

#include "util/secure_buffer.hpp"

using namespace bde;

TEST_CASE("a shrinking secure buffer wipes the bytes it gives up", "[unit][secure][reliability]") {
    SecureBuffer key = SecureBuffer::from_string("0123456789abcdef0123456789abcdef");
    const std::uint8_t* storage = key.data();
    key.resize(4);
    REQUIRE(key.data() == storage);  // same storage: the old tail is still ours to read
    CHECK(key.view() == "0123");
    CHECK(std::all_of(storage + 4, storage + 32, [](std::uint8_t b) { return b == 0; }));
}

TEST_CASE("secure_wipe zeroes exactly the bytes it is given", "[unit][secure][reliability]") {
    std::array<std::uint8_t, 64> bytes{};
    bytes.fill(0xA5);
    secure_wipe(bytes.data() + 8, 48);
    CHECK(std::all_of(bytes.begin(), bytes.begin() + 8, [](std::uint8_t b) { return b == 0xA5; }));
    CHECK(std::all_of(bytes.begin() + 8, bytes.begin() + 56, [](std::uint8_t b) { return b == 0; }));
    CHECK(std::all_of(bytes.begin() + 56, bytes.end(), [](std::uint8_t b) { return b == 0xA5; }));
}
