#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <random>

#include "keys/recovery_password.hpp"

using namespace bde;

namespace {
const char* kValid = "042647-302313-590458-071500-554323-116567-412181-516978";  // bitlk-aes-cbc-128
}

TEST_CASE("group rule: exactly the multiples of 11 below 720896 pass", "[recovery]") {
    // Exhaustive over all 10^6 six-digit strings.
    int valid = 0;
    char buf[8];
    for (std::uint32_t v = 0; v < 1000000; ++v) {
        std::snprintf(buf, sizeof buf, "%06u", v);
        bool expect = v % 11 == 0 && v < 720896;
        if (group_is_valid(buf) != expect) FAIL("group " << buf << " misjudged");
        valid += expect;
    }
    CHECK(valid == 65536);
    CHECK(group_is_valid("720885"));
    CHECK_FALSE(group_is_valid("720896"));
    CHECK(check_group("720907").value().find("too large") != std::string::npos);
}

TEST_CASE("every single-digit substitution and adjacent swap of a valid group is caught", "[recovery]") {
    char buf[8];
    for (std::uint32_t v = 0; v < 720896; v += 11) {
        std::snprintf(buf, sizeof buf, "%06u", v);
        std::string g = buf;
        for (int i = 0; i < 6; ++i) {
            for (char d = '0'; d <= '9'; ++d) {
                if (d == g[i]) continue;
                std::string t = g;
                t[i] = d;
                if (group_is_valid(t)) FAIL(g << " -> " << t << " passes");
            }
            if (i < 5 && g[i] != g[i + 1]) {
                std::string t = g;
                std::swap(t[i], t[i + 1]);
                if (group_is_valid(t)) FAIL(g << " swap " << i << " passes");
            }
        }
    }
}

TEST_CASE("parses what people type and paste", "[recovery]") {
    auto expect_same = [](const std::string& typed) {
        INFO(typed);
        auto rp = RecoveryPassword::parse(typed);
        REQUIRE(rp.has_value());
        CHECK(rp->text().view() == kValid);
    };
    expect_same(kValid);
    expect_same("042647 302313 590458 071500 554323 116567 412181 516978");
    expect_same("042647302313590458071500554323116567412181516978");
    expect_same("  \"042647-302313-590458-071500-554323-116567-412181-516978\"\r\n");
    expect_same("Recovery key: 042647-302313-590458-071500-554323-116567-412181-516978.");
    expect_same("042647\t302313\t590458\t071500\t554323\t116567\t412181\t516978");
    expect_same("042647–302313—590458-071500-554323-116567-412181-516978");  // en/em dashes
    // Full-width digits and hyphens (East Asian input methods).
    expect_same("\xEF\xBC\x90\xEF\xBC\x94\xEF\xBC\x92\xEF\xBC\x96\xEF\xBC\x94\xEF\xBC\x97"
                "\xEF\xBC\x8D" "302313-590458-071500-554323-116567-412181-516978");
    expect_same("042647302313 590458071500 554323116567 412181516978");  // odd grouping, 48 digits
}

TEST_CASE("converts to the 16-byte key and back", "[recovery]") {
    auto rp = RecoveryPassword::parse(kValid);
    REQUIRE(rp);
    const auto& k = rp->key();
    REQUIRE(k.size() == 16);
    // 042647 / 11 = 3877 = 0x0F25, little-endian.
    CHECK(k[0] == 0x25);
    CHECK(k[1] == 0x0F);
    auto back = RecoveryPassword::from_key(k.span());
    REQUIRE(back);
    CHECK(back->text().view() == kValid);

    std::mt19937 rng(42);
    for (int i = 0; i < 2000; ++i) {
        std::uint8_t raw[16];
        for (auto& b : raw) b = static_cast<std::uint8_t>(rng());
        auto a = RecoveryPassword::from_key(std::span<const std::uint8_t>(raw, 16));
        REQUIRE(a);
        auto text = a->text();
        auto b = RecoveryPassword::parse(text.view());
        REQUIRE(b);
        CHECK(b->key() == a->key());
    }
    CHECK_FALSE(RecoveryPassword::from_key(std::span<const std::uint8_t>(k.data(), 15)));
}

TEST_CASE("errors name every bad group and the reason", "[recovery]") {
    auto check = check_recovery_password("042647-302313-590485-071500-554323-116567-412181-516987");
    CHECK_FALSE(check.valid);
    REQUIRE(check.problems.size() == 2);
    CHECK(check.problems[0].group == 3);
    CHECK(check.problems[0].value == "590485");
    CHECK(check.problems[0].reason == "fails its check digit: a digit is mistyped");
    CHECK(check.problems[1].group == 8);
    CHECK(check.summary() ==
          "group 3 (590485) fails its check digit: a digit is mistyped; group 8 (516987) fails its check digit: a "
          "digit is mistyped");
    auto parsed = RecoveryPassword::parse("042647-302313-590485-071500-554323-116567-412181-516978");
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == Errc::malformed_key);
    CHECK(parsed.error().message.find("group 3 (590485)") != std::string::npos);
}

TEST_CASE("wrong lengths, letters and empty input get clear messages", "[recovery]") {
    auto short_group = check_recovery_password("042647-302313-59045-071500-554323-116567-412181-516978");
    REQUIRE(short_group.problems.size() == 1);
    CHECK(short_group.problems[0].group == 3);
    CHECK(short_group.problems[0].reason == "has 5 digits (each group has 6)");

    auto letter = check_recovery_password("042647-3023I3-590458-071500-554323-116567-412181-516978");
    REQUIRE_FALSE(letter.valid);
    CHECK(letter.problems[0].group == 2);
    CHECK(letter.problems[0].reason.find("'I'") != std::string::npos);
    CHECK(letter.problems[0].reason.find("did you mean 1?") != std::string::npos);

    auto too_few = check_recovery_password("042647-302313-590458");
    REQUIRE(too_few.problems.size() == 1);
    CHECK(too_few.problems[0].group == 0);
    CHECK(too_few.problems[0].reason.find("18 digits in 3 groups") != std::string::npos);

    auto nothing = check_recovery_password("   ");
    CHECK(nothing.problems.at(0).reason.find("no digits") != std::string::npos);
}

TEST_CASE("typo suggestions put the real key first for a swap", "[recovery]") {
    auto c = suggest_corrections("042647-302313-590485-071500-554323-116567-412181-516978");
    REQUIRE_FALSE(c.empty());
    CHECK(c.front().text.view() == kValid);
    CHECK(c.front().fixes.at(0).find("group 3: 590485 -> 590458") == 0);
    for (const auto& cand : c) CHECK(check_recovery_password(cand.text.view()).valid);
}

TEST_CASE("typo suggestions contain the real key for every single-digit slip in any group", "[recovery]") {
    auto good = check_recovery_password(kValid).groups;
    for (int g = 0; g < 8; ++g)
        for (int i = 0; i < 6; ++i)
            for (char d = '0'; d <= '9'; ++d) {
                if (d == good[g][i]) continue;
                auto groups = good;
                groups[g][i] = d;
                std::string typed;
                for (int k = 0; k < 8; ++k) typed += (k ? "-" : "") + groups[k];
                auto c = suggest_corrections(typed);
                bool found = false;
                for (const auto& cand : c) found |= cand.text.view() == kValid;
                if (!found) FAIL("no correction back to the key from " << typed);
            }
}

TEST_CASE("typo suggestions handle a dropped or doubled digit", "[recovery]") {
    auto dropped = suggest_corrections("042647-302313-59458-071500-554323-116567-412181-516978");
    bool found = false;
    for (const auto& c : dropped) found |= c.text.view() == kValid;
    CHECK(found);
    auto doubled = suggest_corrections("042647-302313-5904558-071500-554323-116567-412181-516978");
    REQUIRE_FALSE(doubled.empty());
    CHECK(doubled.front().text.view() == kValid);
}

TEST_CASE("no suggestions for valid or hopeless input", "[recovery]") {
    CHECK(suggest_corrections(kValid).empty());
    CHECK(suggest_corrections("hello").empty());
    CHECK(suggest_corrections("111111-111111-111111-111111-111111-111111-111111-111112").size() <= 64);
    // Three bad groups is beyond the default limit of two.
    CHECK(suggest_corrections("042648-302314-590459-071500-554323-116567-412181-516978").empty());
}
