// The line mode: how typed lines become keys, and the real program driven through a pipe (no terminal).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "line_mode.hpp"
#include "run_cli.hpp"

using namespace bde::tui;

TEST_CASE("typed lines become keys, while a key or password is typed, lines are text", "[tui][line]") {
    auto one = [](const std::string& line, bool text = false) {
        auto keys = keys_from_line(line, text);
        REQUIRE(!keys.empty());
        return keys;
    };
    CHECK(one("")[0].is(Key::Kind::enter));
    CHECK(one("esc")[0].is(Key::Kind::escape));
    CHECK(one("Back")[0].is(Key::Kind::escape));
    CHECK(one("down")[0].is(Key::Kind::down));
    CHECK(one("f5")[0].is(0, 5));
    CHECK(one("space")[0].text == " ");
    auto letter = one("k");
    CHECK(letter.size() == 1);
    CHECK(letter[0].is('k'));
    auto words = one("back", true);  // a password may well be "back"
    REQUIRE(words.size() == 2);
    CHECK(words[0].text == "back");
    CHECK(words[1].is(Key::Kind::enter));
    CHECK(one(":esc", true)[0].is(Key::Kind::escape));
    auto key = one("  235818-357951  ");
    REQUIRE(key.size() == 2);
    CHECK(key[0].text == "235818-357951");
}

TEST_CASE("without a terminal bderescue asks line by line and names a mistyped group", "[tui][line]") {
    char tmpl[] = "/tmp/bdetui-line-XXXXXX";
    std::string logs = mkdtemp(tmpl);
    auto r = bde::test::run_bderescue({"tui", "--log-dir", logs},
                                      "k\n235818-357951-253997-013365-241120-245575-342914-591910\n:esc\n:esc\nq\ny\n");
    std::filesystem::remove_all(logs);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("using line mode (input or output is not a terminal)") != std::string::npos);
    CHECK(r.out.find("Check a recovery key") != std::string::npos);
    CHECK(r.out.find("Group 3 is mistyped: a digit is wrong.") != std::string::npos);
    CHECK(r.out.find("Group 3 (253997) fails its check digit") != std::string::npos);
    CHECK(r.out.find("Quit BDE Rescue?") != std::string::npos);
}

TEST_CASE("in line mode the end of input ends the program as cancelled", "[tui][line]") {
    char tmpl[] = "/tmp/bdetui-line-XXXXXX";
    std::string logs = mkdtemp(tmpl);
    auto r = bde::test::run_bderescue({"tui", "--line-mode", "--log-dir", logs}, "");
    std::filesystem::remove_all(logs);
    CHECK(r.exit_code == 11);
    CHECK(r.err.find("using line mode") == std::string::npos);  // asked for: nothing to explain
    CHECK(r.out.find("Choose the drive to rescue") != std::string::npos);
}
