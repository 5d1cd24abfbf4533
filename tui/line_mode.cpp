#include "line_mode.hpp"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <csignal>
#include <map>

#include "terminal_signals.hpp"
#include "util/ascii_case.hpp"
#include "text_canvas.hpp"
#include "ui_text.hpp"

namespace bde::tui {

namespace {

using namespace std::chrono_literals;

std::string trimmed(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    std::size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::optional<Key> named_key(std::string_view typed) {
    const std::string word = ascii_lower(typed);
    static const std::map<std::string, Key::Kind> names = {
        {"esc", Key::Kind::escape},     {"back", Key::Kind::escape},      {"enter", Key::Kind::enter},
        {"up", Key::Kind::up},          {"down", Key::Kind::down},        {"left", Key::Kind::left},
        {"right", Key::Kind::right},    {"tab", Key::Kind::tab},          {"home", Key::Kind::home},
        {"end", Key::Kind::end},        {"pgup", Key::Kind::page_up},     {"pgdn", Key::Kind::page_down},
        {"bksp", Key::Kind::backspace}, {"backspace", Key::Kind::backspace}};
    if (auto it = names.find(word); it != names.end()) return Key::of(it->second);
    if (word == "space") return Key::chars(" ");
    if (word.size() >= 2 && word.size() <= 3 && word[0] == 'f' && std::isdigit(static_cast<unsigned char>(word[1]))) {
        int n = std::stoi(word.substr(1));
        if (n >= 1 && n <= 12) return Key::fn(n);
    }
    return std::nullopt;
}

// Reads whole lines from a descriptor without blocking the controller's ticks.
class LineReader {
public:
    explicit LineReader(int fd) : fd_(fd) {}
    enum class Status { line, none, end };
    Status next(std::string& line, std::chrono::milliseconds wait) {
        if (take(line)) return Status::line;
        if (eof_) return buffer_.empty() ? Status::end : (line = std::exchange(buffer_, {}), Status::line);
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return Status::none;
        char buf[4096];
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) eof_ = true;
        else buffer_.append(buf, static_cast<std::size_t>(n));
        return next(line, 0ms);
    }

private:
    bool take(std::string& line) {
        auto nl = buffer_.find('\n');
        if (nl == std::string::npos) return false;
        line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return true;
    }
    int fd_;
    std::string buffer_;
    bool eof_ = false;
};

// Turns the terminal's echo off while a password or hidden key is typed; restores it on exit.
class EchoControl {
public:
    explicit EchoControl(int fd) : fd_(fd), tty_(isatty(fd) && tcgetattr(fd, &saved_) == 0) {}
    ~EchoControl() {
        if (tty_) tcsetattr(fd_, TCSANOW, &saved_);
    }
    void set(bool echo) {
        if (!tty_ || echo == echo_) return;
        termios t = saved_;
        if (!echo) t.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(fd_, TCSANOW, &t);
        echo_ = echo;
    }

private:
    int fd_;
    termios saved_{};
    bool tty_;
    bool echo_ = true;
};

// A screen as lines for a scrolling terminal: runs of blank lines become one, so it fits in 24 rows.
std::string squeeze_blank_lines(const std::string& text) {
    std::string out;
    bool blank_before = false;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        bool blank = line.find_first_not_of(' ') == std::string_view::npos;
        if (!(blank && blank_before)) out.append(line).push_back('\n');
        blank_before = blank;
        start = end + 1;
    }
    return out;
}

bool write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

std::vector<Key> keys_from_line(const std::string& raw, bool taking_text) {
    std::string line = trimmed(raw);
    if (line.empty()) return {Key::of(Key::Kind::enter)};
    // While a key or password is typed, words are text: key names need a ':' (":esc").
    if (taking_text) {
        if (line[0] == ':')
            if (auto k = named_key(line.substr(1))) return {*k};
        return {Key::chars(line), Key::of(Key::Kind::enter)};
    }
    if (auto k = named_key(line[0] == ':' ? line.substr(1) : line)) return {*k};
    std::size_t i = 0;
    next_code_point(line, i);
    if (i == line.size()) return {Key::chars(line)};
    return {Key::chars(line), Key::of(Key::Kind::enter)};
}

int run_line_mode(Controller& controller, int in_fd, int out_fd) {
    write_all(out_fd,
              "BDE Rescue, line by line. Type the key named in the bar at the bottom of each screen and press "
              "Enter.\nAn empty line is Enter; esc goes back; up and down move; while typing a key or a password, "
              "write :esc instead.\n");
    LineReader reader(in_fd);
    EchoControl echo(in_fd);
    std::string shown;
    auto last_print = std::chrono::steady_clock::now() - 1h;
    controller.start();
    while (!controller.finished()) {
        if (int sig = SignalGuard::take())
            sig == SIGINT ? controller.handle(Key::of(Key::Kind::interrupt)) : controller.terminate();
        controller.settle(1500ms);
        TextCanvas canvas(kMinRows, kMinCols, Glyphs::ascii());
        render(canvas, controller.snapshot());
        std::string text = squeeze_blank_lines(canvas.text());
        auto now = std::chrono::steady_clock::now();
        bool quiet_progress = controller.job_running() && now - last_print < 5s;
        if (text != shown && !quiet_progress) {
            std::string rule(kMinCols, '=');
            if (!write_all(out_fd, rule + "\n" + text + "> ")) controller.terminate();
            shown = text;
            last_print = now;
        }
        echo.set(!controller.wants_secret());
        std::string line;
        switch (reader.next(line, 1000ms)) {
            case LineReader::Status::none: break;
            case LineReader::Status::end:
                if (!controller.finished()) controller.terminate();
                break;
            case LineReader::Status::line:
                if (controller.wants_secret()) write_all(out_fd, "\n");
                for (const Key& k : keys_from_line(line, controller.takes_text())) controller.handle(k);
                break;
        }
    }
    write_all(out_fd, "\n");
    return 0;
}

}  // namespace bde::tui
