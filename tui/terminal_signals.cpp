#include "terminal_signals.hpp"

#include <csignal>

#include "curses_screen.hpp"

namespace bde::tui {

namespace {

volatile std::sig_atomic_t g_signal = 0;

constexpr int kFlagged[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int kFatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction g_previous[sizeof kFlagged / sizeof kFlagged[0] + sizeof kFatal / sizeof kFatal[0] + 1];

void on_flagged(int sig) { g_signal = sig; }

void on_fatal(int sig) {
    restore_terminal_now();  // not async-signal-safe, but the process is dying and a usable console matters more
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

}  // namespace

SignalGuard::SignalGuard() {
    int i = 0;
    for (int sig : kFlagged) {
        struct sigaction sa {};
        sa.sa_handler = on_flagged;
        sigemptyset(&sa.sa_mask);
        sigaction(sig, &sa, &g_previous[i++]);
    }
    for (int sig : kFatal) {
        struct sigaction sa {};
        sa.sa_handler = on_fatal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        sigaction(sig, &sa, &g_previous[i++]);
    }
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &g_previous[i]);
}

SignalGuard::~SignalGuard() {
    int i = 0;
    for (int sig : kFlagged) sigaction(sig, &g_previous[i++], nullptr);
    for (int sig : kFatal) sigaction(sig, &g_previous[i++], nullptr);
    sigaction(SIGPIPE, &g_previous[i], nullptr);
}

int SignalGuard::take() {
    int sig = g_signal;
    g_signal = 0;
    return sig;
}

}  // namespace bde::tui
