#pragma once
// A record of what was done, for the technician and for support: which drive was chosen, which way it
// was unlocked, what was copied where, what failed. Never a key, a password or a typed digit: callers
// pass only descriptions, and nothing here accepts a SecureBuffer.
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace bde::tui {

class ActionLog {
public:
    ActionLog() = default;  // memory only
    // Appends to <dir>/bderescue-<date>-<time>.log (creating dir). Stays memory-only when that fails.
    explicit ActionLog(const std::string& dir);

    void note(std::string_view line);
    const std::string& path() const { return path_; }  // empty when not written to a file
    const std::string& problem() const { return problem_; }  // why there is no file
    std::vector<std::string> lines() const;

private:
    mutable std::mutex mutex_;
    std::ofstream file_;
    std::string path_, problem_;
    std::vector<std::string> lines_;
};

}  // namespace bde::tui
