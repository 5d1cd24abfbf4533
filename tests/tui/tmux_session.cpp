#include "tmux_session.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "run_cli.hpp"

namespace bde::tui::test {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

namespace {
std::atomic<int> g_sessions{0};
}

std::vector<std::string> TmuxSession::tmux(std::vector<std::string> args) const {
    args.insert(args.begin(), {"tmux", "-L", socket_});
    return args;
}

TmuxSession::TmuxSession(const std::string& command, int cols, int rows)
    : socket_("bdetui-" + std::to_string(getpid()) + "-" + std::to_string(++g_sessions)), name_("rescue") {
    auto r = bde::test::run_program(tmux({"-f", "/dev/null", "new-session", "-d", "-s", name_, "-x", std::to_string(cols),
                                          "-y", std::to_string(rows), command}));
    if (r.exit_code != 0) throw std::runtime_error("tmux new-session failed: " + r.err);
}

// The server is private to this session (its own socket): ending it ends only what this test started.
// Its socket file is removed too, so test runs leave nothing behind in tmux's folder.
TmuxSession::~TmuxSession() {
    bde::test::run_program(tmux({"kill-server"}));
    const char* dir = std::getenv("TMUX_TMPDIR");
    std::error_code ec;
    std::filesystem::remove(std::string(dir && *dir ? dir : "/tmp") + "/tmux-" + std::to_string(getuid()) + "/" + socket_, ec);
}

void TmuxSession::keys(const std::vector<std::string>& names) {
    std::vector<std::string> args = {"send-keys", "-t", name_};
    args.insert(args.end(), names.begin(), names.end());
    bde::test::run_program(tmux(args));
}

void TmuxSession::text(const std::string& literal) { bde::test::run_program(tmux({"send-keys", "-t", name_, "-l", literal})); }

void TmuxSession::resize(int cols, int rows) {
    bde::test::run_program(tmux({"resize-window", "-t", name_, "-x", std::to_string(cols), "-y", std::to_string(rows)}));
}

std::string TmuxSession::capture() const { return bde::test::run_program(tmux({"capture-pane", "-p", "-t", name_})).out; }

bool TmuxSession::wait_until(bool shown, const std::string& needle, std::chrono::milliseconds timeout) const {
    auto end = std::chrono::steady_clock::now() + timeout;
    do {
        if ((capture().find(needle) != std::string::npos) == shown) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < end);
    return false;
}

}  // namespace bde::tui::test
