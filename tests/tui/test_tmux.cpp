// The real program in a real 80x24 terminal (tmux): start-up, the key check naming a mistyped group,
// F-keys as digits, vt100 and Linux-console terminals, resizing below 80x24 and back, Ctrl-C and SIGTERM
// restoring the terminal, the line mode on a terminal that cannot position the cursor.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run_cli.hpp"
#include "tmux_session.hpp"

using namespace bde::tui::test;
using namespace std::chrono_literals;

namespace {

// After the program ends: its exit code, then whether the terminal is back in cooked mode with echo.
constexpr const char* kAfter =
    "; echo EXITED-$?; printf 'MODES:%s\\n' \"$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | tr '\\n' ' ')\"; "
    "sleep 600";

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/bdetui-test-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

std::string run_command(const std::string& env, const std::string& args) {
    return "env LANG=C.UTF-8 " + env + " " + shell_quote(bde::test::bderescue_path()) + " " + args + kAfter;
}

void dump(const TmuxSession& s) { WARN("screen:\n" << s.capture()); }

}  // namespace

TEST_CASE("bderescue alone starts the rescue screen, the key check names a mistyped group", "[tui][tmux]") {
    TempDir logs;
    TmuxSession s(run_command("BDERESCUE_LOG_DIR=" + logs.path, ""));
    if (!s.wait_for("Choose the drive to rescue")) dump(s);
    REQUIRE(s.wait_for("Choose the drive to rescue"));
    CHECK(s.capture().find("Enter Open") != std::string::npos);
    s.keys({"k"});
    REQUIRE(s.wait_for("Check a recovery key"));
    s.text("235818-357951-253997");  // a burst, like a paste; group 3 has two digits swapped
    if (!s.wait_for("Group 3 is mistyped: a digit is wrong.")) dump(s);
    CHECK(s.wait_for("Group 3 is mistyped: a digit is wrong."));
    CHECK(s.capture().find("!253997!") != std::string::npos);
    s.keys({"F10", "F1", "F3", "F3", "F6", "F5"});  // 013365, typed with F-keys as on the Windows screen
    CHECK(s.wait_for("[013365]"));
    s.keys({"BSpace"});
    CHECK(s.wait_for("[01336_]"));
    s.keys({"C-c"});
    REQUIRE(s.wait_for("EXITED-11"));
    CHECK(s.capture().find("Check a recovery key") == std::string::npos);  // the screen was given back
    CHECK(s.wait_for("MODES:icanon echo"));
    // The log went where it was asked to, and holds no digits that were typed.
    std::string log_text;
    for (const auto& f : std::filesystem::directory_iterator(logs.path)) {
        std::ifstream in(f.path());
        log_text.append(std::istreambuf_iterator<char>(in), {});
    }
    CHECK(log_text.find("checking a recovery key without a drive") != std::string::npos);
    CHECK(log_text.find("253997") == std::string::npos);
}

TEST_CASE("a vt100 and a Linux console both get a usable screen", "[tui][tmux]") {
    TempDir logs;
    for (std::string term : {"vt100", "linux"}) {
        INFO("TERM=" << term);
        TmuxSession s(run_command("TERM=" + term, "tui --log-dir " + logs.path));
        if (!s.wait_for("Choose the drive to rescue")) dump(s);
        REQUIRE(s.wait_for("Choose the drive to rescue"));
        std::string screen = s.capture();
        CHECK(screen.find("[1 Drive]") != std::string::npos);
        CHECK(screen.find("q Quit") != std::string::npos);
        if (term == "vt100") CHECK(screen.find("--------------------") != std::string::npos);  // ASCII lines
        else CHECK(screen.find("────────────────────") != std::string::npos);             // UTF-8 console
        s.keys({"q"});
        REQUIRE(s.wait_for("Quit BDE Rescue?"));
        s.keys({"y"});
        CHECK(s.wait_for("EXITED-0"));
        CHECK(s.wait_for("MODES:icanon echo"));
    }
}

TEST_CASE("below 80x24 the screen says so, and recovers when made larger", "[tui][tmux]") {
    TempDir logs;
    TmuxSession s(run_command("", "tui --log-dir " + logs.path));
    REQUIRE(s.wait_for("Choose the drive to rescue"));
    s.resize(60, 20);
    if (!s.wait_for("Window too small")) dump(s);
    CHECK(s.wait_for("Window too small"));
    CHECK(s.wait_for("This screen is 60x20."));
    s.resize(80, 24);
    CHECK(s.wait_for("Choose the drive to rescue"));
    CHECK(s.wait_gone("Window too small"));
    s.keys({"C-c"});
    CHECK(s.wait_for("EXITED-11"));
}

TEST_CASE("SIGTERM ends the program and gives the terminal back", "[tui][tmux]") {
    TempDir dir;
    std::string pidfile = dir.path + "/pid";
    std::string cmd = "env LANG=C.UTF-8 " + shell_quote(bde::test::bderescue_path()) + " tui --log-dir " + dir.path +
                      " </dev/tty & echo $! > " + shell_quote(pidfile) + "; wait $!" + kAfter;
    TmuxSession s(cmd);
    REQUIRE(s.wait_for("Choose the drive to rescue"));
    std::ifstream in(pidfile);
    pid_t pid = 0;
    in >> pid;
    REQUIRE(pid > 0);
    REQUIRE(kill(pid, SIGTERM) == 0);
    CHECK(s.wait_for("EXITED-11"));
    CHECK(s.capture().find("Choose the drive to rescue") == std::string::npos);
    CHECK(s.wait_for("MODES:icanon echo"));
}

TEST_CASE("a terminal that cannot position the cursor gets the line mode", "[tui][tmux]") {
    TempDir logs;
    TmuxSession s(run_command("TERM=dumb", "tui --log-dir " + logs.path));
    // Screens are printed as plain text between rules of '=', each followed by a prompt.
    if (!s.wait_for("================")) dump(s);
    REQUIRE(s.wait_for("================"));
    CHECK(s.capture().find("Choose the drive to rescue") != std::string::npos);
    s.text("k");
    s.keys({"Enter"});
    REQUIRE(s.wait_for("Check a recovery key"));
    s.text("235818-357951-253997-013365-241120-245575-342914-591910");
    s.keys({"Enter"});
    CHECK(s.wait_for("Group 3 (253997) fails its check digit"));
    s.text(":esc");
    s.keys({"Enter"});
    s.text(":esc");
    s.keys({"Enter"});
    s.text("q");
    s.keys({"Enter"});
    s.text("y");
    s.keys({"Enter"});
    CHECK(s.wait_for("EXITED-0"));
}
