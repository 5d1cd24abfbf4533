// Steps 4 and 5: where to save, the confirmation (No by default), the copy or image with its progress
// and its questions about unreadable files, and the summary.
#include <fmt/format.h>

#include <filesystem>

#include "controller.hpp"
#include "drive_words.hpp"
#include "ui_text.hpp"

namespace bde::tui {

namespace {

constexpr std::uint64_t kFat32Limit = 4ull * 1024 * 1024 * 1024 - 1;

std::string describe(const Destination& d) {
    std::string out = short_device(d.device);
    if (!d.label.empty()) out += " \"" + d.label + "\"";
    if (!d.filesystem.empty()) out += " (" + filesystem_name(d.filesystem) + ")";
    return out;
}

}  // namespace

void Controller::choose_destination(Intent intent) {
    copy_kind_ = intent;
    auto found = std::make_shared<std::optional<Result<std::vector<Destination>>>>();
    std::string drive = current_;
    run_busy("Looking for drives to save to...", false,
             [this, found, drive](JobControl&) { *found = backend_.list_destinations(drive); },
             [this, found] {
                 auto& r = **found;
                 if (!r) {
                     log_.note("cannot list destinations: " + r.error().message);
                     return say(r.error().message, Tone::bad);
                 }
                 destinations_ = std::move(*r);
                 std::stable_sort(destinations_.begin(), destinations_.end(),
                                  [](const Destination& a, const Destination& b) { return a.usable > b.usable; });
                 dest_sel_ = 0;
                 go(Screen::destination);
             });
}

void Controller::handle_destination(const Key& key) {
    int n = static_cast<int>(destinations_.size());
    if (key.is(Key::Kind::up)) dest_sel_ = std::max(0, dest_sel_ - 1);
    else if (key.is(Key::Kind::down)) dest_sel_ = std::min(std::max(0, n - 1), dest_sel_ + 1);
    else if (char c = key.letter(); c >= '1' && c <= '9' && c - '1' < n) dest_sel_ = c - '1';
    else if (key.is(Key::Kind::enter)) plan_selected_destination();
    else if (key.is('r', 5)) choose_destination(copy_kind_);
    else if (key.is(Key::Kind::escape)) go(copy_kind_ == Intent::copy_files ? Screen::browse : Screen::unlocked);
}

CopyRequest Controller::copy_request() const {
    CopyRequest r{.drive = current_, .folder = folder_name()};
    if (copy_kind_ == Intent::copy_files) r.paths.assign(tree_.marked().begin(), tree_.marked().end());
    if (dest_sel_ < static_cast<int>(destinations_.size()))
        r.destination = destinations_[static_cast<std::size_t>(dest_sel_)].handle;
    return r;
}

void Controller::plan_selected_destination() {
    if (destinations_.empty()) return;
    const Destination& dest = destinations_[static_cast<std::size_t>(dest_sel_)];
    if (!dest.usable) return say(dest.problem.empty() ? "This drive cannot be used." : dest.problem, Tone::warn);
    confirm_sel_ = 0;
    // How the person finds the copies again: the drive as they know it and the new folder on it (the
    // engine's own path, a mount point, goes to the log).
    destination_shown_ = describe(dest) + ", folder " + folder_name();
    if (copy_kind_ == Intent::image) {
        // An image is one file as large as the volume: the check is arithmetic.
        const DriveEntry* d = current_drive();
        std::uint64_t size = d ? (d->bitlocker && d->bitlocker->volume_size ? d->bitlocker->volume_size : d->size) : 0;
        plan_ = CopyPlan{.files = 1, .bytes = size, .free = dest.free, .free_known = dest.free_known};
        if (is_fat32(dest.filesystem) && size > kFat32Limit) {
            plan_.too_big_files = 1;
            plan_.too_big_bytes = size;
        }
        return go(Screen::confirm);
    }
    auto planned = std::make_shared<std::optional<Result<CopyPlan>>>();
    CopyRequest request = copy_request();
    run_busy("Counting the files to copy...", true,
             [this, planned, request](JobControl&) { *planned = backend_.plan_copy(request); },
             [this, planned] {
                 auto& r = **planned;
                 if (!r) {
                     log_.note("cannot plan the copy: " + r.error().message);
                     return say(r.error().message, Tone::bad);
                 }
                 plan_ = *r;
                 go(Screen::confirm);
             });
}

void Controller::handle_confirm(const Key& key) {
    auto back = [this] {
        go(Screen::destination);
        say("Not started.");
    };
    if (key.is(Key::Kind::left) || key.is(Key::Kind::right) || key.is(Key::Kind::tab) || key.is(Key::Kind::backtab))
        confirm_sel_ = 1 - confirm_sel_;
    else if (key.is('y')) start_copy();
    else if (key.is('n') || key.is(Key::Kind::escape)) back();
    else if (key.is(Key::Kind::enter)) confirm_sel_ == 1 ? start_copy() : back();
}

void Controller::start_copy() {
    CopyRequest request = copy_request();
    Intent kind = copy_kind_;
    log_.note(kind == Intent::image
                  ? fmt::format("image started: {} to {}", current_, destination_shown_)
                  : fmt::format("copy started: {} marked items, {} files, {} to {} ({})", request.paths.size(),
                                plan_.files, format_bytes(plan_.bytes), destination_shown_, plan_.target));
    go(Screen::progress);
    result_ = {};
    result_error_.clear();
    auto outcome = std::make_shared<std::optional<Result<CopyResult>>>();
    run_progress(
        [this, request, kind, outcome](JobControl& job) {
            CopyCallbacks callbacks;
            callbacks.progress = [&job](const CopyProgress& p) {
                job.publish({.files_done = p.files_done, .files_total = p.files_total, .bytes_done = p.bytes_done,
                             .bytes_total = p.bytes_total, .current_file = p.current_file,
                             .current_done = p.current_done, .current_total = p.current_total, .errors = p.errors});
                job.pause_point();
                return !job.cancelled();
            };
            callbacks.cancelled = [&job] { return job.cancelled(); };
            callbacks.on_failure = [&job](const CopyFailure& f) {
                int answer = job.ask({.title = "A file cannot be read",
                                      .lines = {FileTree::windows_path(f.path), f.message, "",
                                                "Retry reads it again. Skip leaves it out (it is listed in the report). "
                                                "Skip all does that for every file that fails from now on. Abort stops."},
                                      .buttons = {{"Retry", 'r'}, {"Skip", 's'}, {"Skip all", 'a'}, {"Abort", 'x'}},
                                      .default_button = 1,
                                      .cancel_answer = 3});
                return static_cast<FailureChoice>(answer);
            };
            *outcome = kind == Intent::image ? backend_.make_image(request, callbacks) : backend_.copy(request, callbacks);
        },
        [this, outcome] {
            auto& r = **outcome;
            if (r) result_ = *r;
            else result_error_ = r.error().message;
            if (job_.cancel_requested()) result_.cancelled = true;
            log_.note(r ? fmt::format("finished: {} files copied ({}){}, {} skipped, {} failed{}; report {}",
                                      result_.copied_files, format_bytes(result_.copied_bytes),
                                      result_.already_there_files
                                          ? fmt::format(", {} already there", result_.already_there_files)
                                          : "",
                                      result_.skipped_files,
                                      result_.failed_files, result_.cancelled ? ", stopped by the user" : "",
                                      result_.report.empty() ? "none" : result_.report)
                        : "stopped with an error: " + result_error_);
            go(Screen::done);
        });
}

void Controller::handle_progress(const Key& key) {
    if (!job_.active()) return;
    if (key.is('?') || key.is(0, 1)) return show_help();  // the copy goes on behind the help
    if (key.is('p') || (key.is(Key::Kind::text) && key.text == " ")) {
        paused_ = !paused_;
        job_.set_paused(paused_);
        tracker_.set_paused(options_.clock(), paused_);
        log_.note(paused_ ? "paused" : "resumed");
    } else if (key.is('x') || key.is(Key::Kind::escape)) {
        show_dialog({.title = "Stop?",
                     .lines = {"Stop now? What is already copied stays on the destination."},
                     .buttons = {{"No, keep going", 'n'}, {"Yes, stop", 'y'}},
                     .tone = Tone::warn},
                    [this](int choice) {
                        if (choice != 1) return;
                        log_.note("stop requested");
                        job_.cancel();
                    },
                    0);
    }
}

void Controller::ask_failure(const JobQuestion& q) {
    question_shown_ = q;
    // Time spent waiting for the answer is neither slowness nor a stall.
    tracker_.set_paused(options_.clock(), true);
    show_dialog({.title = q.title, .lines = q.lines, .buttons = q.buttons, .selected = q.default_button, .tone = Tone::bad},
                [this](int choice) {
                    question_shown_.reset();
                    tracker_.set_paused(options_.clock(), paused_);
                    job_.answer(choice);
                },
                -1);
}

void Controller::handle_done(const Key& key) {
    if (key.is(Key::Kind::enter)) go(Screen::unlocked);
    else if (key.is(Key::Kind::escape)) go(Screen::volumes);
    else if (key.is('p')) confirm_power();
    else if (key.is('q', 10)) confirm_quit();
}

DestinationModel Controller::destination_model(FrameModel& frame) const {
    frame.step = 4;
    frame.heading = copy_kind_ == Intent::image ? "Where should the image go?" : "Where should the copies go?";
    frame.keys = {{"Enter", "Choose"}, {"Up/Down", "Move"}, {"F5/r", "Look again"}, {"Esc", "Back"}, {"?", "Help"}};
    DestinationModel m;
    m.intro = "Choose the drive to save to. Plug in a USB disk now if it is not listed, then press r. The drive "
              "being rescued is never written to.";
    for (const auto& d : destinations_) {
        DestinationLine line{.device = short_device(d.device),
                             .free = d.free_known ? fmt::format("{} free of {}", format_bytes(d.free), format_bytes(d.total))
                                                  : fmt::format("{} drive", format_bytes(d.total)),
                             .details = filesystem_name(d.filesystem),
                             .note = d.problem,
                             .usable = d.usable};
        if (!d.label.empty()) line.details += " \"" + d.label + "\"";
        if (!d.model.empty()) line.details += ", " + d.model;
        if (d.usable && line.note.empty() && is_fat32(d.filesystem))
            line.note = "FAT32: files larger than 4 GiB cannot be stored on it.";
        m.lines.push_back(line);
    }
    m.selected = dest_sel_;
    m.folder = "A new folder is made on that drive: " + folder_name();
    m.empty = "No drive to save to was found. Plug in a USB disk or stick and press r.";
    return m;
}

ConfirmModel Controller::confirm_model(FrameModel& frame) const {
    bool image = copy_kind_ == Intent::image;
    const DriveEntry* d = current_drive();
    frame.step = 5;
    frame.heading = image ? "Ready to write the decrypted image" : "Ready to copy";
    frame.keys = {{"Left/Right", "Choose"}, {"Enter", "Confirm"}, {"y", "Start"}, {"n/Esc", "Back"}};
    ConfirmModel m;
    m.facts.push_back({"From:", d ? drive_title(*d) : current_});
    if (image) {
        m.facts.push_back({"What:", "the whole drive, decrypted, as one image file (" + format_bytes(plan_.bytes) + ")"});
    } else {
        std::string list;
        int shown = 0;
        for (const auto& p : tree_.marked())
            if (shown++ < 4) list += (list.empty() ? "" : ", ") + FileTree::windows_path(p);
        if (tree_.marked().size() > 4) list += fmt::format(" (+{} more)", tree_.marked().size() - 4);
        m.facts.push_back({"What:", list});
        m.facts.push_back({"Size:", fmt::format("{}, {}", plural(plan_.files, "file", "files"), format_bytes(plan_.bytes))});
    }
    m.facts.push_back({"To:", destination_shown_});
    m.facts.push_back({"Free:", plan_.free_known ? format_bytes(plan_.free) + " on that drive"
                                                 : "unknown (the drive does not say); a copy stops cleanly if it fills up"});
    if (plan_.free_known && plan_.bytes > plan_.free)
        m.warnings.push_back(fmt::format("Not enough free space: {} needed, {} free. It will stop when the drive is "
                                         "full; mark less or choose a larger drive.",
                                         format_bytes(plan_.bytes), format_bytes(plan_.free)));
    if (plan_.too_big_files)
        m.warnings.push_back(image ? "This drive is FAT32: it cannot hold a file larger than 4 GiB. Choose an exFAT or "
                                     "NTFS drive for the image."
                                   : fmt::format("FAT32: {} larger than 4 GiB ({}) cannot be stored there and will be "
                                                 "skipped.",
                                                 plural(plan_.too_big_files, "file", "files"), format_bytes(plan_.too_big_bytes)));
    for (const auto& w : plan_.warnings) m.warnings.push_back(w);
    m.reassurance = image ? "Nothing is written to the encrypted drive. The image goes into that folder; nothing "
                            "else on the destination is touched."
                    : plan_.folder_exists
                        ? "The folder " + folder_name() + " is already on that drive, from an earlier copy: files "
                          "already copied into it are kept and not copied again. Nothing is written to the encrypted "
                          "drive."
                        : "Nothing is written to the encrypted drive, and nothing already on the destination is "
                          "changed: everything goes into the new folder.";
    m.question = image ? "Start writing the image?" : "Start copying?";
    m.buttons = {{"No", 'n'}, {"Yes, start", 'y'}};
    m.selected = confirm_sel_;
    return m;
}

ProgressModel Controller::progress_model(FrameModel& frame) const {
    bool image = copy_kind_ == Intent::image;
    auto now = options_.clock();
    frame.step = 5;
    frame.heading = image ? "Writing the decrypted image" : "Copying files";
    frame.keys = {{"p", paused_ ? "Go on" : "Pause"}, {"x/Esc", "Stop"}, {"?", "Help"}};
    const JobProgress& p = progress_;
    ProgressModel m;
    m.what = "To " + destination_shown_;
    m.total = p.bytes_total ? static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total)
              : p.files_total ? static_cast<double>(p.files_done) / static_cast<double>(p.files_total)
                              : 0.0;
    m.total_lines.push_back(fmt::format("{} of {}", format_bytes(p.bytes_done), format_bytes(p.bytes_total)));
    if (!image) m.total_lines.push_back(fmt::format("{} of {} files", format_count(p.files_done), format_count(p.files_total)));
    if (auto eta = tracker_.eta_seconds(p.bytes_total))
        m.total_lines.push_back(fmt::format("{}, about {} left", format_rate(tracker_.rate()), format_duration(*eta)));
    else
        m.total_lines.push_back("measuring the speed...");
    m.has_current = !image && !p.current_file.empty();
    m.current_known = p.current_total > 0;
    m.current = p.current_total ? static_cast<double>(p.current_done) / static_cast<double>(p.current_total) : 0.0;
    m.current_file = FileTree::windows_path(p.current_file);
    m.current_line = fmt::format("{} of {}", format_bytes(p.current_done), format_bytes(p.current_total));
    if (p.errors) {
        m.problems = fmt::format("Problems so far: {} could not be read (they will be listed in the report).",
                                 plural(p.errors, "file", "files"));
        m.problems_tone = Tone::warn;
    } else {
        m.problems = "Problems so far: none.";
    }
    if (paused_) {
        m.state = {"PAUSED. Press p to go on.", "Do not unplug anything while paused."};
    } else if (tracker_.stalled(now)) {
        m.state = {fmt::format("STALLED: no progress for {}.", format_duration(tracker_.seconds_since_progress(now))),
                   "The disk may be retrying a damaged area; this can take minutes. Wait, or press x to stop (what is "
                   "copied is kept)."};
        m.state_tone = Tone::bad;
    }
    return m;
}

DoneModel Controller::done_model(FrameModel& frame) const {
    bool image = copy_kind_ == Intent::image;
    frame.step = 5;
    frame.heading = "Finished";
    frame.keys = {{"Enter", "Copy more"}, {"Esc", "Drives"}, {"p", "Power off"}, {"q", "Quit"}};
    DoneModel m;
    const CopyResult& r = result_;
    if (!result_error_.empty()) {
        m.headline = "It stopped: " + result_error_;
        m.tone = Tone::bad;
    } else if (r.cancelled) {
        m.headline = "Stopped. What was copied so far is kept.";
        m.tone = Tone::warn;
    } else if (r.failed_files) {
        m.headline = fmt::format("Finished, but {} could not be read.", plural(r.failed_files, "file", "files"));
        m.tone = Tone::warn;
    } else if (!image && r.copied_files == 0 && r.already_there_files) {
        m.headline = "Nothing new to copy: these files were already copied into that folder.";
    } else {
        m.headline = image ? "The image is written." : "Your files are copied.";
    }
    auto file_name = [](const std::string& path) { return std::filesystem::path(path).filename().string(); };
    if (image) {
        m.facts.push_back({"Written:", format_bytes(r.copied_bytes)});
        m.facts.push_back({"Saved in:", destination_shown_});
        if (!r.target.empty()) m.facts.push_back({"Image:", file_name(r.target)});
        if (!r.report.empty()) m.facts.push_back({"Map file:", file_name(r.report) + " (what was read; lets it resume)"});
    } else {
        m.facts.push_back({"Copied:", fmt::format("{} ({})", plural(r.copied_files, "file", "files"), format_bytes(r.copied_bytes))});
        if (r.already_there_files)
            m.facts.push_back({"Already there:", fmt::format("{} from an earlier copy, kept as they were",
                                                             plural(r.already_there_files, "file", "files"))});
        m.facts.push_back({"Skipped:", plural(r.skipped_files, "file", "files")});
        m.facts.push_back({"Failed:", plural(r.failed_files, "file", "files")});
        m.facts.push_back({"Saved in:", destination_shown_});
        m.facts.push_back({"Report:", r.report.empty() ? "none was written" : file_name(r.report) + " in that folder"});
    }
    if (!log_.path().empty()) m.facts.push_back({"Log:", log_.path()});
    m.next = {image ? "Check the image on another computer before you wipe or return the disk."
                    : "Open a few of the copied files on another computer to check them.",
              "Keep the encrypted disk as it is until you are sure everything is there.",
              "Power off (p) before unplugging the drive with the copies."};
    return m;
}

}  // namespace bde::tui
