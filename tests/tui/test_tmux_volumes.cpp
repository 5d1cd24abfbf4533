// The real program on real Windows-made BitLocker volumes, in an 80x24 tmux terminal: a key for another
// drive, a mistyped group, a typo corrected against the drive, a password, a suspended volume.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "run_cli.hpp"
#include "testdata.hpp"
#include "tmux_session.hpp"

using namespace bde::tui::test;
using namespace std::chrono_literals;

namespace {

constexpr auto kUnlockTime = 90s;  // key stretching, libbde's check; the machine is shared

struct Program {
    std::string logs;
    std::unique_ptr<TmuxSession> session;
    explicit Program(const std::string& image) {
        char tmpl[] = "/tmp/bdetui-vol-XXXXXX";
        logs = mkdtemp(tmpl);
        session = std::make_unique<TmuxSession>("env LANG=C.UTF-8 " + shell_quote(bde::test::bderescue_path()) +
                                                " tui " + shell_quote(image) + " --log-dir " + logs +
                                                "; echo EXITED-$?; sleep 600");
    }
    ~Program() {
        session.reset();
        std::filesystem::remove_all(logs);
    }
    TmuxSession& s() { return *session; }
    bool wait_for(const std::string& text, std::chrono::milliseconds timeout = 15s) {
        bool ok = session->wait_for(text, timeout);
        if (!ok) WARN("waited for \"" << text << "\"; the screen:\n" << session->capture());
        return ok;
    }
};

}  // namespace

TEST_CASE("real volume: a key for another drive, a mistyped group, then the typo corrected against the drive",
          "[tui][tmux][volume]") {
    const auto& v = bde::test::test_volume("bitlk-aes-xts-128");
    const std::string key = v.get("RP");
    std::string group3 = key.substr(14, 6);
    std::string swapped = key.substr(0, 14) + group3.substr(0, 4) + group3[5] + group3[4] + key.substr(20);
    REQUIRE(swapped != key);

    Program p(v.path);
    REQUIRE(p.wait_for("DESKTOP-NPM7RCA H: 7/4/2019, locked, key ID 64311DEA"));
    p.s().keys({"Enter"});
    REQUIRE(p.wait_for("Recovery key ID:  64311DEA-4587-4029-924A-BA299647998E"));

    p.s().text(bde::test::test_volume("bitlk-aes-cbc-128").get("RP"));  // well-formed, another drive's
    p.s().keys({"Enter"});
    CHECK(p.wait_for("This key does not open this drive. Look for the key with ID 64311DEA.", kUnlockTime));

    p.s().keys({"Escape"});
    REQUIRE(p.wait_for("Choose the drive to rescue"));
    p.s().keys({"Enter"});
    REQUIRE(p.wait_for("[______]-[______]"));
    p.s().text(swapped);
    CHECK(p.wait_for("Group 3 is mistyped: a digit is wrong. Fix it, or press Enter to try fixes."));
    p.s().keys({"Enter"});
    CHECK(p.wait_for("The drive is unlocked with the recovery key you typed, after correcting a", kUnlockTime));
    CHECK(p.wait_for("group 3: " + swapped.substr(14, 6) + " -> " + group3 + " (digits 5 and 6 swapped)"));
    p.s().keys({"C-c"});
    CHECK(p.wait_for("EXITED-11"));
}

TEST_CASE("real volume: the typed recovery key opens it", "[tui][tmux][volume]") {
    const auto& v = bde::test::test_volume("bitlk-aes-cbc-128");
    Program p(v.path);
    REQUIRE(p.wait_for("locked, key ID"));
    p.s().keys({"Enter"});
    REQUIRE(p.wait_for("Recovery key ID:"));
    p.s().text(v.get("RP"));
    CHECK(p.wait_for("All 8 groups look right. Press Enter to unlock."));
    p.s().keys({"Enter"});
    CHECK(p.wait_for("The drive is unlocked with the recovery key you typed.", kUnlockTime));
    CHECK(p.wait_for("1  Copy files to another drive"));
}

TEST_CASE("real volume: the password opens it and its recovery key can then be shown", "[tui][tmux][volume]") {
    const auto& v = bde::test::test_volume("bitlk-aes-xts-128");
    Program p(v.path);
    REQUIRE(p.wait_for("DESKTOP-NPM7RCA H: 7/4/2019"));
    p.s().keys({"Enter"});
    REQUIRE(p.wait_for("Ways to unlock: [Recovery key]  Password"));
    p.s().keys({"Tab"});
    REQUIRE(p.wait_for("[Password]"));
    p.s().text("wrong password");
    p.s().keys({"Enter"});
    CHECK(p.wait_for("This password does not open this drive.", kUnlockTime));
    for (int i = 0; i < 14; ++i) p.s().keys({"BSpace"});
    p.s().text(v.get("PW"));
    p.s().keys({"Enter"});
    REQUIRE(p.wait_for("The drive is unlocked with the password you typed.", kUnlockTime));
    REQUIRE(p.wait_for("4  Show this drive's recovery key"));
    p.s().keys({"4"});
    CHECK(p.wait_for(v.get("RP")));
    CHECK(p.wait_for("Key ID: 64311DEA-4587-4029-924A-BA299647998E"));
}

TEST_CASE("real volume: a suspended (clear-key) volume opens without asking", "[tui][tmux][volume]") {
    const auto& v = bde::test::test_volume("bitlk-aes-xts-128-clearkey-only");
    Program p(v.path);
    REQUIRE(p.wait_for("opens without a key"));
    p.s().keys({"Enter"});
    CHECK(p.wait_for("without a key: BitLocker protection is suspended", kUnlockTime));
}
