#include <catch2/catch.hpp>

#include "util/secure_buffer.hpp"

using namespace bde;

TEST_CASE("secure buffers copy, move, grow and compare", "[secure]") {
    SecureBuffer a = SecureBuffer::from_string("secret");
    SecureBuffer b = a;
    CHECK(a == b);
    b.push_back('!');
    CHECK(b.view() == "secret!");
    CHECK_FALSE(a == b);
    for (int i = 0; i < 100; ++i) b.push_back('x');
    CHECK(b.size() == 107);
    CHECK(b.view().substr(0, 7) == "secret!");
    SecureBuffer c = std::move(b);
    CHECK(b.empty());
    CHECK(c.size() == 107);
    c.resize(3);
    CHECK(c.view() == "sec");
    c.clear();
    CHECK(c.empty());
}
