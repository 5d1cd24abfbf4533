#pragma once
// Signals while the rescue screen runs: SIGINT, SIGTERM and SIGHUP only set a flag that the loops read
// (so the terminal is restored by the normal path); a crash restores the terminal before dying.
namespace bde::tui {

class SignalGuard {
public:
    SignalGuard();   // installs the handlers (before curses, so curses keeps them)
    ~SignalGuard();  // puts the previous handlers back
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;

    // The last signal received since the previous call, or 0.
    static int take();
};

}  // namespace bde::tui
