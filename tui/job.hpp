#pragma once
// One background operation at a time (unlocking, scanning, copying), so the screen stays responsive:
// the worker publishes progress, asks questions and blocks until the screen answers, and checks the
// cancel and pause requests between steps. The UI thread polls; it never blocks on the worker.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "choice.hpp"

namespace bde::tui {

struct JobProgress {
    std::string phase;  // "Copying", "Counting files", "Trying likely corrections"
    std::uint64_t files_done = 0, files_total = 0;
    std::uint64_t bytes_done = 0, bytes_total = 0;
    std::string current_file;
    std::uint64_t current_done = 0, current_total = 0;
    std::uint64_t errors = 0;
    int step = 0, steps = 0;  // "2 of 7"
};

struct JobQuestion {
    std::string title;
    std::vector<std::string> lines;
    std::vector<Choice> buttons;
    int default_button = 0;
    int cancel_answer = 0;  // given when the job is cancelled while asking
};

// The worker's side of a job.
class JobControl {
public:
    virtual ~JobControl() = default;
    virtual void publish(const JobProgress& progress) = 0;
    virtual int ask(const JobQuestion& question) = 0;  // blocks until answered (or cancelled)
    virtual bool cancelled() const = 0;
    virtual void pause_point() = 0;                      // blocks while paused (returns on cancel)
};

class Job : private JobControl {
public:
    Job() = default;
    ~Job();  // cancels, answers a pending question with its cancel answer, joins
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    void start(std::function<void(JobControl&)> work);
    bool active() const;          // started and not yet collected with take_finished()
    bool take_finished();         // true once, after the worker has returned (then joined)
    JobProgress progress() const;
    std::optional<JobQuestion> question() const;
    void answer(int button);
    void cancel();
    bool cancel_requested() const;
    void set_paused(bool paused);
    bool paused() const;
    // Waits until the worker has returned or is waiting for an answer (tests, shutdown).
    bool wait_settled(std::chrono::milliseconds timeout);

private:
    void publish(const JobProgress& progress) override;
    int ask(const JobQuestion& question) override;
    bool cancelled() const override;
    void pause_point() override;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::thread thread_;
    bool running_ = false, done_ = false, cancel_ = false, paused_ = false;
    JobProgress progress_;
    std::optional<JobQuestion> question_;
    std::optional<int> answer_;
};

}  // namespace bde::tui
