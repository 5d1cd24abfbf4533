#pragma once
// The rescue flow as a state machine: which screen is showing, what each key does there, which
// background job runs, and what the screen shows (snapshot()). It talks to the core only through
// RescueBackend and never touches the terminal, so the curses screen, the line mode and the tests all
// drive the same flow. The member functions are split by screen over controller_*.cpp; each screen's
// *_model() also fills the frame (step, heading, key bar), so a key and its hint live in one file.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "action_log.hpp"
#include "file_tree.hpp"
#include "job.hpp"
#include "key_input.hpp"
#include "progress_tracker.hpp"
#include "recovery_key_entry.hpp"
#include "rescue_backend.hpp"
#include "views/screen.hpp"

namespace bde::tui {

struct ControllerOptions {
    std::function<std::chrono::steady_clock::time_point()> clock = [] { return std::chrono::steady_clock::now(); };
    std::function<std::string()> today;  // "2026-11-05", for the folder name; the local date when empty
};

// The app loop runs the shell (it owns the terminal); the controller only asks for it.
struct ShellRequest {
    std::string directory;  // the read-only mount point
    std::string title;      // what is mounted there, for the banner
};

class Controller {
public:
    enum class Screen { volumes, key, unlocked, browse, destination, confirm, progress, done };

    Controller(RescueBackend& backend, ActionLog& log, ControllerOptions options = {});

    void start();  // the first scan for drives and keys
    void handle(const Key& key);
    void tick();   // collects the background job's progress, questions and result
    ScreenSnapshot snapshot() const;

    Screen screen() const { return screen_; }
    bool finished() const { return finished_; }
    bool interrupted() const { return interrupted_; }  // ended by Ctrl-C or a signal, not by "Quit"
    // Typed text goes into an entry (recovery key, password) rather than being commands.
    bool takes_text() const;
    // What is typed now should not be echoed by a line-mode terminal.
    bool wants_secret() const { return takes_text() && (key_mode_ == KeyMode::password || hide_digits_); }
    bool job_running() const { return job_.active(); }
    // Waits for the background job to finish or to ask something, then ticks (tests, shutdown).
    bool settle(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    // SIGTERM, SIGHUP: stop everything now.
    void terminate();
    std::optional<ShellRequest> take_shell_request();
    void shell_returned(int exit_status);

private:
    enum class Intent { copy_files, image, shell };
    enum class JobKind { none, busy, progress };

    struct Session {  // a drive unlocked in this run
        UnlockReport report;
        Credential::Kind opened_with = Credential::Kind::clear_key;
        std::string how;         // "with the recovery key typed in" (shown on the unlocked screen)
        std::string correction;  // "Group 3 was mistyped: ..." when a typo correction opened it
    };

    struct DialogState {
        DialogModel model;
        std::function<void(int)> on_choice;  // called with the chosen button
        int escape_choice = -1;              // the button Esc means, or -1 (Esc does nothing)
    };

    // controller.cpp: the frame, dialogs, jobs, quitting
    void dispatch(const Key& key);
    void go(Screen screen);
    void say(std::string message, Tone tone = Tone::normal);
    void show_dialog(DialogModel model, std::function<void(int)> on_choice, int escape_choice);
    void handle_dialog(const Key& key);
    void show_help();
    void confirm_quit();
    void confirm_power();
    void run_busy(std::string text, bool cancellable, std::function<void(JobControl&)> work, std::function<void()> done);
    void run_progress(std::function<void(JobControl&)> work, std::function<void()> done);
    std::optional<DialogModel> busy_dialog() const;
    const DriveEntry* current_drive() const;
    std::string drive_title(const DriveEntry& d) const;
    std::string folder_name() const;

    // controller_volumes.cpp
    void rescan();
    void handle_volumes(const Key& key);
    void open_drive(Intent intent);
    VolumesModel volumes_model(FrameModel& frame) const;

    // controller_key.cpp
    void enter_key_screen();
    void start_key_check();
    std::vector<KeyMode> key_ways() const;
    std::vector<const FoundKeyFile*> keys_for_current() const;
    void handle_key(const Key& key);
    void handle_recovery_entry(const Key& key);
    void handle_password_entry(const Key& key);
    void after_entry_change(RecoveryKeyEntry::Typed typed);
    void submit_recovery_key();
    void try_corrections();
    void unlock_with(Credential credential, std::string how, std::string wrong_message);
    void unlocked(UnlockReport report, Credential::Kind kind, std::string how, std::string correction);
    KeyModel key_model(FrameModel& frame) const;

    // controller_files.cpp
    void handle_unlocked(const Key& key);
    std::vector<MenuItem> unlocked_items() const;
    void choose_unlocked_item(int index);
    void show_recovery_password();
    void open_browser();
    void load_folder(const std::string& path, std::function<void()> then);
    void handle_browse(const Key& key);
    void with_profiles(std::function<void(std::vector<std::string>)> then);
    void preset_all_profiles();
    void preset_personal_folders();
    MenuModel unlocked_model(FrameModel& frame) const;
    BrowseModel browse_model(FrameModel& frame) const;

    // controller_copy.cpp
    void choose_destination(Intent intent);
    void handle_destination(const Key& key);
    void plan_selected_destination();
    void handle_confirm(const Key& key);
    void start_copy();
    void handle_progress(const Key& key);
    void ask_failure(const JobQuestion& question);
    void handle_done(const Key& key);
    CopyRequest copy_request() const;
    DestinationModel destination_model(FrameModel& frame) const;
    ConfirmModel confirm_model(FrameModel& frame) const;
    ProgressModel progress_model(FrameModel& frame) const;
    DoneModel done_model(FrameModel& frame) const;

    RescueBackend& backend_;
    ActionLog& log_;
    ControllerOptions options_;

    Screen screen_ = Screen::volumes;
    std::string message_;
    Tone message_tone_ = Tone::normal;
    std::optional<DialogState> dialog_;
    bool finished_ = false;
    bool interrupted_ = false;

    // Background job
    Job job_;
    JobKind job_kind_ = JobKind::none;
    std::function<void()> job_done_;
    std::string busy_text_;
    bool busy_cancellable_ = false;
    std::chrono::steady_clock::time_point busy_since_{};
    std::optional<JobQuestion> question_shown_;

    // Volumes
    std::vector<DriveEntry> drives_;  // BitLocker volumes first, likely Windows system volume at the top
    std::vector<FoundKeyFile> keys_;
    std::vector<std::string> scan_notes_;
    bool scanned_ = false;
    int volume_sel_ = 0;
    std::string current_;             // handle of the drive being rescued
    Intent intent_ = Intent::copy_files;
    std::map<std::string, Session> sessions_;

    // Key
    bool check_only_ = false;         // checking a typed key with no drive
    KeyMode key_mode_ = KeyMode::recovery_key;
    RecoveryKeyEntry entry_;
    bool hide_digits_ = false;
    SecureBuffer password_;
    int found_sel_ = 0;

    // Unlocked, browse
    int menu_sel_ = 0;
    FileTree tree_;
    std::string tree_drive_;          // the drive tree_ shows
    int browse_sel_ = 0;

    // Destination, confirm, progress, done
    Intent copy_kind_ = Intent::copy_files;
    std::vector<Destination> destinations_;
    int dest_sel_ = 0;
    CopyPlan plan_;
    std::string destination_shown_;  // "sdc1 \"BACKUP\" (exFAT), folder DESKTOP-B8H4DIM 2026-11-05"
    int confirm_sel_ = 0;
    JobProgress progress_;
    ProgressTracker tracker_;
    bool paused_ = false;
    CopyResult result_;
    std::string result_error_;
    std::optional<ShellRequest> shell_request_;
};

}  // namespace bde::tui
