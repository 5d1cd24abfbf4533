#pragma once
// Turns a stream of "bytes done so far" samples into what a person wants to know: how fast, how long
// still, and whether it has stalled (a failing disk retrying a bad sector looks exactly like a hang).
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

namespace bde::tui {

class ProgressTracker {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds stall_after{10};

    void reset(Clock::time_point now);
    void sample(Clock::time_point now, std::uint64_t bytes_done);
    // Paused time counts neither toward the rate nor toward a stall.
    void set_paused(Clock::time_point now, bool paused);

    double rate() const;  // bytes per second over the last ~20 s
    std::optional<std::uint64_t> eta_seconds(std::uint64_t bytes_total) const;
    bool stalled(Clock::time_point now) const;
    std::uint64_t seconds_since_progress(Clock::time_point now) const;

private:
    struct Sample {
        Clock::time_point at;
        std::uint64_t bytes;
    };
    std::deque<Sample> window_;
    Clock::time_point last_change_{};
    std::uint64_t last_bytes_ = 0;
    bool paused_ = false;
};

}  // namespace bde::tui
