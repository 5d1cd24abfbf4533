#pragma once
// The real bderescue in a real terminal: a detached tmux session of a given size on a tmux server of
// its own (a socket named after the test process and a counter), keys sent with send-keys, the screen
// read with capture-pane. The destructor ends that server, also when a test fails.
#include <chrono>
#include <string>
#include <vector>

namespace bde::tui::test {

std::string shell_quote(const std::string& s);

class TmuxSession {
public:
    // Runs `command` through the shell in a new cols x rows session.
    explicit TmuxSession(const std::string& command, int cols = 80, int rows = 24);
    ~TmuxSession();
    TmuxSession(const TmuxSession&) = delete;
    TmuxSession& operator=(const TmuxSession&) = delete;

    void keys(const std::vector<std::string>& names);  // tmux key names: "Enter", "F2", "C-c", "Escape"
    void text(const std::string& literal);             // typed as is (one burst)
    void resize(int cols, int rows);
    std::string capture() const;
    // Polls the screen until it shows `needle` (true) or the time is up (false).
    bool wait_for(const std::string& needle, std::chrono::milliseconds timeout = std::chrono::seconds(15)) const {
        return wait_until(true, needle, timeout);
    }
    bool wait_gone(const std::string& needle, std::chrono::milliseconds timeout = std::chrono::seconds(15)) const {
        return wait_until(false, needle, timeout);
    }

private:
    bool wait_until(bool shown, const std::string& needle, std::chrono::milliseconds timeout) const;
    std::vector<std::string> tmux(std::vector<std::string> args) const;
    std::string socket_, name_;
};

}  // namespace bde::tui::test
