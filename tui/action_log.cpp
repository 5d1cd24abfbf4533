#include "action_log.hpp"

#include <fmt/format.h>

#include <ctime>
#include <filesystem>

namespace bde::tui {

namespace {

std::string timestamp(const char* format) {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &local);
    return buf;
}

}  // namespace

ActionLog::ActionLog(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::string path = (std::filesystem::path(dir) / ("bderescue-" + timestamp("%Y%m%d-%H%M%S") + ".log")).string();
    file_.open(path, std::ios::app);
    if (file_) path_ = path;
    else problem_ = fmt::format("cannot write a log in {}", dir);
}

void ActionLog::note(std::string_view line) {
    std::lock_guard lock(mutex_);
    std::string stamped = timestamp("%Y-%m-%d %H:%M:%S ") + std::string(line);
    if (lines_.size() >= 1000) lines_.erase(lines_.begin());
    lines_.push_back(stamped);
    if (file_) {
        file_ << stamped << '\n';
        file_.flush();  // the machine may be powered off from the next screen
    }
}

std::vector<std::string> ActionLog::lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
}

}  // namespace bde::tui
