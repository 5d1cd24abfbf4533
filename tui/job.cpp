#include "job.hpp"

namespace bde::tui {

Job::~Job() {
    cancel();
    if (thread_.joinable()) thread_.join();
}

void Job::start(std::function<void(JobControl&)> work) {
    if (thread_.joinable()) thread_.join();  // a finished job not yet collected
    {
        std::lock_guard lock(mutex_);
        running_ = true;
        done_ = cancel_ = paused_ = false;
        progress_ = {};
        question_.reset();
        answer_.reset();
    }
    thread_ = std::thread([this, work = std::move(work)] {
        work(*this);
        std::lock_guard lock(mutex_);
        done_ = true;
        changed_.notify_all();
    });
}

bool Job::active() const {
    std::lock_guard lock(mutex_);
    return running_;
}

bool Job::take_finished() {
    {
        std::lock_guard lock(mutex_);
        if (!running_ || !done_) return false;
        running_ = false;
    }
    thread_.join();
    return true;
}

JobProgress Job::progress() const {
    std::lock_guard lock(mutex_);
    return progress_;
}

std::optional<JobQuestion> Job::question() const {
    std::lock_guard lock(mutex_);
    return question_;
}

void Job::answer(int button) {
    std::lock_guard lock(mutex_);
    if (!question_) return;
    answer_ = button;
    question_.reset();
    changed_.notify_all();
}

void Job::cancel() {
    std::lock_guard lock(mutex_);
    cancel_ = true;
    if (question_) {
        answer_ = question_->cancel_answer;
        question_.reset();
    }
    changed_.notify_all();
}

bool Job::cancel_requested() const { return cancelled(); }

void Job::set_paused(bool paused) {
    std::lock_guard lock(mutex_);
    paused_ = paused;
    changed_.notify_all();
}

bool Job::paused() const {
    std::lock_guard lock(mutex_);
    return paused_;
}

bool Job::wait_settled(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this] { return !running_ || done_ || question_.has_value(); });
}

void Job::publish(const JobProgress& progress) {
    std::lock_guard lock(mutex_);
    progress_ = progress;
}

int Job::ask(const JobQuestion& question) {
    std::unique_lock lock(mutex_);
    if (cancel_) return question.cancel_answer;
    question_ = question;
    answer_.reset();
    changed_.notify_all();
    changed_.wait(lock, [this] { return answer_.has_value(); });
    int a = *answer_;
    answer_.reset();
    return a;
}

bool Job::cancelled() const {
    std::lock_guard lock(mutex_);
    return cancel_;
}

void Job::pause_point() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !paused_ || cancel_; });
}

}  // namespace bde::tui
