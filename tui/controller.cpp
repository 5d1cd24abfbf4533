// The controller's common parts: key dispatch, dialogs, the background job, quitting.
#include "controller.hpp"

#include <fmt/format.h>

#include <ctime>

#include "drive_words.hpp"
#include "ui_text.hpp"

namespace bde::tui {

namespace {

constexpr std::chrono::milliseconds kBusyDelay{300};  // shorter jobs never flash a box

std::string local_date() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return buf;
}

}  // namespace

Controller::Controller(RescueBackend& backend, ActionLog& log, ControllerOptions options)
    : backend_(backend), log_(log), options_(std::move(options)) {
    if (!options_.today) options_.today = local_date;
}

void Controller::start() {
    log_.note("BDE Rescue started");
    rescan();
}

bool Controller::takes_text() const {
    return screen_ == Screen::key && !dialog_ && !job_.active() &&
           (key_mode_ == KeyMode::recovery_key || key_mode_ == KeyMode::password);
}

void Controller::handle(const Key& key) {
    if (finished_) return;
    if (key.is(Key::Kind::interrupt)) {
        bool copying = job_.active() && job_kind_ == JobKind::progress;
        if (copying && !(dialog_ && dialog_->model.title == "Stop and quit?")) {
            show_dialog({.title = "Stop and quit?",
                         .lines = {"The copy is still running. Stop it and leave BDE Rescue?",
                                   "Files already copied stay on the destination.", "",
                                   "Press Ctrl-C again to stop at once."},
                         .buttons = {{"No, keep going", 'n'}, {"Yes, stop", 'y'}},
                         .tone = Tone::warn},
                        [this](int choice) {
                            if (choice == 1) terminate();
                        },
                        0);
            return;
        }
        log_.note("quit with Ctrl-C");
        terminate();
        return;
    }
    // A paste or fast typing where no text is taken: one key at a time.
    if (key.is(Key::Kind::text) && key.text.size() > 1 && !takes_text()) {
        for (std::size_t i = 0; i < key.text.size();) {
            std::size_t start = i;
            next_code_point(key.text, i);
            dispatch(Key::chars(key.text.substr(start, i - start)));
            if (finished_) return;
        }
        return;
    }
    dispatch(key);
}

void Controller::dispatch(const Key& key) {
    if (dialog_) return handle_dialog(key);
    if (job_.active()) {
        if (job_kind_ == JobKind::progress) return handle_progress(key);
        if (key.is(Key::Kind::escape) && busy_cancellable_) job_.cancel();
        return;
    }
    bool entering = takes_text();
    if ((key.is('?') && !(entering && key_mode_ == KeyMode::password)) || (key.is(0, 1) && !entering))
        return show_help();
    switch (screen_) {
        case Screen::volumes: return handle_volumes(key);
        case Screen::key: return handle_key(key);
        case Screen::unlocked: return handle_unlocked(key);
        case Screen::browse: return handle_browse(key);
        case Screen::destination: return handle_destination(key);
        case Screen::confirm: return handle_confirm(key);
        case Screen::progress: return handle_progress(key);
        case Screen::done: return handle_done(key);
    }
}

void Controller::go(Screen screen) {
    screen_ = screen;
    message_.clear();
    message_tone_ = Tone::normal;
}

void Controller::say(std::string message, Tone tone) {
    message_ = std::move(message);
    message_tone_ = tone;
}

void Controller::show_dialog(DialogModel model, std::function<void(int)> on_choice, int escape_choice) {
    dialog_ = DialogState{std::move(model), std::move(on_choice), escape_choice};
}

void Controller::handle_dialog(const Key& key) {
    auto& d = *dialog_;
    int n = static_cast<int>(d.model.buttons.size());
    auto choose = [this](int i) {
        auto on_choice = std::move(dialog_->on_choice);
        dialog_.reset();
        if (on_choice) on_choice(i);
    };
    if (n == 0) {
        if (key.is(Key::Kind::escape) || key.is(Key::Kind::enter)) choose(0);
        return;
    }
    if (key.is(Key::Kind::left) || key.is(Key::Kind::up) || key.is(Key::Kind::backtab))
        d.model.selected = (d.model.selected + n - 1) % n;
    else if (key.is(Key::Kind::right) || key.is(Key::Kind::down) || key.is(Key::Kind::tab))
        d.model.selected = (d.model.selected + 1) % n;
    else if (key.is(Key::Kind::enter))
        choose(d.model.selected);
    else if (key.is(Key::Kind::escape) && d.escape_choice >= 0)
        choose(d.escape_choice);
    else if (char c = key.letter())
        for (int i = 0; i < n; ++i)
            if (d.model.buttons[static_cast<std::size_t>(i)].key == c) return choose(i);
}

void Controller::show_help() {
    std::vector<std::string> lines;
    switch (screen_) {
        case Screen::volumes:
            lines = {"Choose the encrypted drive with the arrow keys (the Windows drive is usually first) and press "
                     "Enter.",
                     "Plug in the USB stick with your key file, or the drive to copy to, at any time, then press r.",
                     "k checks a recovery key you were given, without a drive.",
                     "i writes a full decrypted image of the chosen drive, s opens a shell on it (for technicians), p "
                     "powers off or restarts."};
            break;
        case Screen::key:
            lines = {"The recovery key is 48 digits in 8 groups of 6. Each group is checked as soon as it is full: "
                     "a group marked wrong has a mistyped digit.",
                     "F1 to F10 type 1 to 9 and 0, as on the Windows recovery screen. Backspace goes back; the "
                     "arrow keys move between groups.",
                     "Tab switches between the ways to unlock (key files found, recovery key, password)."};
            break;
        case Screen::browse:
            lines = {"Space marks a folder or file; a marked folder takes everything inside it.",
                     "a marks every user profile, u the Desktop, Documents, Pictures, Videos, Music and Downloads of "
                     "one user. n goes on to choose where to save them."};
            break;
        case Screen::progress:
            lines = {"p pauses the copy and p again goes on; x or Esc stops it. What is already copied stays on the "
                     "destination either way.",
                     "STALLED means nothing was read for a while: a damaged disk can take minutes over one spot. "
                     "Waiting is safe."};
            break;
        default:
            lines = {"The key bar at the bottom lists every key that does something here; Esc goes back."};
    }
    lines.push_back("");
    lines.push_back("Nothing is ever written to the encrypted drive.");
    show_dialog({.title = "Help", .lines = lines, .buttons = {{"OK", 0}}}, {}, 0);
}

void Controller::confirm_quit() {
    show_dialog({.title = "Quit BDE Rescue?",
                 .lines = {"Leave the rescue screen? Nothing is lost: you can start it again with `bderescue`."},
                 .buttons = {{"No", 'n'}, {"Yes, quit", 'y'}}},
                [this](int choice) {
                    if (choice != 1) return;
                    log_.note("quit");
                    finished_ = true;
                },
                0);
}

void Controller::confirm_power() {
    show_dialog({.title = "Power off or restart?",
                 .lines = {"Unplug nothing until the computer is off.",
                           "Restarting may bring back the Windows recovery screen: that is normal."},
                 .buttons = {{"Cancel", 'c'}, {"Power off", 'o'}, {"Restart", 'r'}},
                 .tone = Tone::warn},
                [this](int choice) {
                    if (choice == 0) return;
                    PowerAction action = choice == 1 ? PowerAction::power_off : PowerAction::reboot;
                    log_.note(choice == 1 ? "power off requested" : "restart requested");
                    auto error = std::make_shared<std::string>();
                    run_busy(choice == 1 ? "Powering off..." : "Restarting...", false,
                             [this, action, error](JobControl&) {
                                 if (auto r = backend_.power(action); !r) *error = r.error().message;
                             },
                             [this, error] {
                                 if (!error->empty()) say(*error, Tone::bad);
                             });
                },
                0);
}

void Controller::run_busy(std::string text, bool cancellable, std::function<void(JobControl&)> work,
                          std::function<void()> done) {
    if (job_.active()) return;
    job_kind_ = JobKind::busy;
    busy_text_ = std::move(text);
    busy_cancellable_ = cancellable;
    busy_since_ = options_.clock();
    job_done_ = std::move(done);
    progress_ = {};
    job_.start(std::move(work));
}

void Controller::run_progress(std::function<void(JobControl&)> work, std::function<void()> done) {
    if (job_.active()) return;
    job_kind_ = JobKind::progress;
    job_done_ = std::move(done);
    progress_ = {};
    paused_ = false;
    tracker_.reset(options_.clock());
    job_.start(std::move(work));
}

void Controller::tick() {
    if (!job_.active()) return;
    auto now = options_.clock();
    progress_ = job_.progress();
    if (job_kind_ == JobKind::progress) tracker_.sample(now, progress_.bytes_done);
    if (!dialog_ && !question_shown_)
        if (auto q = job_.question()) ask_failure(*q);
    if (job_.take_finished()) {
        if (question_shown_) {
            dialog_.reset();
            question_shown_.reset();
        }
        job_kind_ = JobKind::none;
        auto done = std::move(job_done_);
        job_done_ = nullptr;
        if (done) done();
    }
}

bool Controller::settle(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (job_.active()) {
        if (question_shown_) return true;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        job_.wait_settled(left);
        tick();
    }
    return true;
}

void Controller::terminate() {
    job_.cancel();
    finished_ = true;
    interrupted_ = true;
}

std::optional<ShellRequest> Controller::take_shell_request() { return std::exchange(shell_request_, std::nullopt); }

void Controller::shell_returned(int exit_status) {
    log_.note(fmt::format("shell closed (status {})", exit_status));
    say("Back from the shell. The drive stays mounted read-only until BDE Rescue ends.");
}

std::optional<DialogModel> Controller::busy_dialog() const {
    if (!job_.active() || job_kind_ != JobKind::busy) return std::nullopt;
    if (options_.clock() - busy_since_ < kBusyDelay) return std::nullopt;
    DialogModel d{.title = busy_text_};
    if (progress_.steps > 0) d.lines.push_back(fmt::format("{} {} of {}", progress_.phase, progress_.step, progress_.steps));
    else if (!progress_.phase.empty()) d.lines.push_back(progress_.phase);
    else d.lines.push_back("Please wait.");
    if (busy_cancellable_) d.lines.push_back("Esc stops this.");
    return d;
}

ScreenSnapshot Controller::snapshot() const {
    ScreenSnapshot s;
    s.frame.message = message_;
    s.frame.message_tone = message_tone_;
    switch (screen_) {
        case Screen::volumes: s.body = volumes_model(s.frame); break;
        case Screen::key: s.body = key_model(s.frame); break;
        case Screen::unlocked: s.body = unlocked_model(s.frame); break;
        case Screen::browse: s.body = browse_model(s.frame); break;
        case Screen::destination: s.body = destination_model(s.frame); break;
        case Screen::confirm: s.body = confirm_model(s.frame); break;
        case Screen::progress: s.body = progress_model(s.frame); break;
        case Screen::done: s.body = done_model(s.frame); break;
    }
    if (dialog_) {
        s.dialog = dialog_->model;
        s.frame.keys.clear();
        if (dialog_->model.buttons.size() > 1) s.frame.keys.push_back({"Left/Right", "Choose"});
        s.frame.keys.push_back({"Enter", dialog_->model.buttons.size() > 1 ? "Confirm" : "Close"});
        if (dialog_->escape_choice >= 0) s.frame.keys.push_back({"Esc", "Cancel"});
    } else if (auto busy = busy_dialog()) {
        s.dialog = std::move(busy);
        s.frame.keys.clear();
        if (busy_cancellable_) s.frame.keys.push_back({"Esc", "Stop"});
    }
    return s;
}

const DriveEntry* Controller::current_drive() const {
    for (const auto& d : drives_)
        if (d.handle == current_) return &d;
    return nullptr;
}

std::string Controller::drive_title(const DriveEntry& d) const {
    std::string what = d.bitlocker && !d.bitlocker->description.empty() ? d.bitlocker->description
                       : !d.label.empty()                             ? "\"" + d.label + "\""
                                                                      : "Drive";
    return fmt::format("{} ({}, {})", what, short_device(d.device), format_bytes(d.size));
}

std::string Controller::folder_name() const {
    // "DESKTOP-B8H4DIM 2026-11-05": the computer's name from the BitLocker description, and today.
    std::string computer = "BitLocker rescue";
    if (const DriveEntry* d = current_drive(); d && d->bitlocker) {
        const std::string& desc = d->bitlocker->description;
        std::string first = desc.substr(0, desc.find(' '));
        if (!first.empty()) computer = first;
    }
    std::string name = computer + " " + options_.today();
    for (char& c : name)
        if (std::string_view("<>:\"/\\|?*").find(c) != std::string_view::npos || static_cast<unsigned char>(c) < 0x20)
            c = '_';
    return name;
}

}  // namespace bde::tui
