#include "progress_tracker.hpp"

namespace bde::tui {

namespace {
constexpr std::chrono::seconds rate_window{20};
}

void ProgressTracker::reset(Clock::time_point now) {
    window_.clear();
    window_.push_back({now, 0});
    last_change_ = now;
    last_bytes_ = 0;
    paused_ = false;
}

void ProgressTracker::sample(Clock::time_point now, std::uint64_t bytes_done) {
    if (bytes_done != last_bytes_) {
        last_bytes_ = bytes_done;
        last_change_ = now;
    }
    if (paused_) return;
    window_.push_back({now, bytes_done});
    while (window_.size() > 2 && now - window_[1].at >= rate_window) window_.pop_front();
}

void ProgressTracker::set_paused(Clock::time_point now, bool paused) {
    if (paused == paused_) return;
    paused_ = paused;
    // Restart the measurements so the pause shows neither as slowness nor as a stall.
    window_.clear();
    window_.push_back({now, last_bytes_});
    last_change_ = now;
}

double ProgressTracker::rate() const {
    if (window_.size() < 2) return 0;
    const Sample& a = window_.front();
    const Sample& b = window_.back();
    double secs = std::chrono::duration<double>(b.at - a.at).count();
    if (secs < 1.0 || b.bytes < a.bytes) return 0;
    return static_cast<double>(b.bytes - a.bytes) / secs;
}

std::optional<std::uint64_t> ProgressTracker::eta_seconds(std::uint64_t bytes_total) const {
    double r = rate();
    if (r <= 0 || bytes_total < last_bytes_) return std::nullopt;
    return static_cast<std::uint64_t>(static_cast<double>(bytes_total - last_bytes_) / r + 0.5);
}

bool ProgressTracker::stalled(Clock::time_point now) const {
    return !paused_ && now - last_change_ >= stall_after;
}

std::uint64_t ProgressTracker::seconds_since_progress(Clock::time_point now) const {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(now - last_change_).count());
}

}  // namespace bde::tui
