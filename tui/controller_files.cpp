// Step 3: an unlocked drive. What to do with it (copy files, image, shell, show its recovery key) and
// the folder tree with the user-profile presets.
#include <fmt/format.h>

#include "controller.hpp"
#include "ui_text.hpp"

namespace bde::tui {

namespace {

// Files: their size. Folders: the total below, "> total" when counting stopped early, nothing if unknown.
std::string size_column(const FileTree::Node& n) {
    if (!n.is_dir) return format_bytes(n.size);
    if (!n.problem.empty()) return "cannot be read";
    if (n.size_known) return format_bytes(n.size);
    return n.size > 0 ? "> " + format_bytes(n.size) : "";
}

std::string last_part(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::string names_of(const std::vector<std::string>& paths) {
    std::string out;
    for (const auto& p : paths) out += (out.empty() ? "" : ", ") + last_part(p);
    return out;
}

}  // namespace

std::vector<MenuItem> Controller::unlocked_items() const {
    std::vector<MenuItem> items = {
        {"Copy files to another drive", "Pick folders such as Documents and Pictures, then where to save them."},
        {"Make a full decrypted image", "The whole drive, decrypted, as one file as large as the drive."},
        {"Open a shell with this drive mounted read-only", "For technicians: a command line in its files; type exit "
                                                           "to come back."},
    };
    auto it = sessions_.find(current_);
    if (it != sessions_.end() && it->second.opened_with != Credential::Kind::recovery_password &&
        it->second.report.recovery_password_readable)
        items.push_back({"Show this drive's recovery key", "Write it down: Windows may ask for it after a repair."});
    return items;
}

void Controller::handle_unlocked(const Key& key) {
    int n = static_cast<int>(unlocked_items().size());
    if (key.is(Key::Kind::up)) menu_sel_ = std::max(0, menu_sel_ - 1);
    else if (key.is(Key::Kind::down)) menu_sel_ = std::min(n - 1, menu_sel_ + 1);
    else if (char c = key.letter(); c >= '1' && c - '1' < n) choose_unlocked_item(c - '1');
    else if (key.is(Key::Kind::enter)) choose_unlocked_item(menu_sel_);
    else if (key.is(Key::Kind::escape)) go(Screen::volumes);
    else if (key.is('p')) confirm_power();
    else if (key.is('q', 10)) confirm_quit();
}

void Controller::choose_unlocked_item(int index) {
    menu_sel_ = index;
    switch (index) {
        case 0: return open_browser();
        case 1: return choose_destination(Intent::image);
        case 2: {
            auto mounted = std::make_shared<std::optional<Result<std::string>>>();
            std::string drive = current_;
            run_busy("Mounting the drive read-only...", false,
                     [this, mounted, drive](JobControl&) { *mounted = backend_.mount_read_only(drive); },
                     [this, mounted] {
                         const auto& r = **mounted;
                         if (!r) return say(r.error().message, Tone::bad);
                         const DriveEntry* d = current_drive();
                         log_.note("shell opened on the read-only mount " + *r);
                         shell_request_ = ShellRequest{*r, d ? drive_title(*d) : current_};
                     });
            return;
        }
        case 3: return show_recovery_password();
        default: return;
    }
}

void Controller::show_recovery_password() {
    auto key = backend_.recovery_password(current_);
    if (!key) return say("The recovery key of this drive could not be read.", Tone::warn);
    std::string id;
    if (const DriveEntry* d = current_drive(); d && d->bitlocker)
        for (const auto& p : d->bitlocker->protectors)
            if (p.type == ProtectorType::recovery_password && id.empty()) id = p.key_id.str();
    log_.note("recovery key shown on screen");
    show_dialog({.title = "Recovery key of this drive",
                 .lines = {"Key ID: " + id, "", "  " + std::string(key->view()), "",
                           "Write it down and keep it away from the computer. Windows may ask for it after a repair "
                           "or a firmware update."},
                 .buttons = {{"Done", 0}}},
                {}, 0);
}

void Controller::open_browser() {
    if (tree_drive_ != current_) {
        tree_.reset();
        tree_drive_ = current_;
        browse_sel_ = 0;
    }
    if (tree_.root_loaded()) return go(Screen::browse);
    load_folder("", [this] { go(Screen::browse); });
}

void Controller::load_folder(const std::string& path, std::function<void()> then) {
    auto listing = std::make_shared<std::optional<Result<std::vector<DirEntry>>>>();
    std::string drive = current_;
    run_busy("Reading the folder...", false,
             [this, listing, drive, path](JobControl&) { *listing = backend_.list_directory(drive, path); },
             [this, listing, path, then = std::move(then)] {
                 auto& r = **listing;
                 if (!r) {
                     tree_.set_problem(path, r.error().message);
                     log_.note(fmt::format("cannot list \\{}: {}", FileTree::windows_path(path), r.error().message));
                     return say(r.error().message, Tone::bad);
                 }
                 tree_.set_children(path, std::move(*r));
                 if (then) then();
             });
}

void Controller::handle_browse(const Key& key) {
    auto rows = tree_.rows();
    int n = static_cast<int>(rows.size());
    browse_sel_ = std::clamp(browse_sel_, 0, std::max(0, n - 1));
    const FileTree::Row* row = n ? &rows[static_cast<std::size_t>(browse_sel_)] : nullptr;
    if (key.is(Key::Kind::up)) browse_sel_ = std::max(0, browse_sel_ - 1);
    else if (key.is(Key::Kind::down)) browse_sel_ = std::min(std::max(0, n - 1), browse_sel_ + 1);
    else if (key.is(Key::Kind::page_up)) browse_sel_ = std::max(0, browse_sel_ - 10);
    else if (key.is(Key::Kind::page_down)) browse_sel_ = std::min(std::max(0, n - 1), browse_sel_ + 10);
    else if (key.is(Key::Kind::home)) browse_sel_ = 0;
    else if (key.is(Key::Kind::end)) browse_sel_ = std::max(0, n - 1);
    else if (key.is(Key::Kind::text) && key.text == " " && row) {
        tree_.toggle(row->path);
        say("");
    } else if ((key.is(Key::Kind::enter) || key.is(Key::Kind::right)) && row) {
        if (!row->node->is_dir) {
            if (key.is(Key::Kind::enter)) tree_.toggle(row->path);
        } else if (row->node->expanded) {
            if (key.is(Key::Kind::enter)) tree_.set_expanded(row->path, false);
        } else if (row->node->loaded) {
            tree_.set_expanded(row->path, true);
        } else {
            std::string path = row->path;
            load_folder(path, [this, path] { tree_.set_expanded(path, true); });
        }
    } else if (key.is(Key::Kind::left) && row) {
        if (row->node->is_dir && row->node->expanded) {
            tree_.set_expanded(row->path, false);
        } else {
            std::string parent = FileTree::parent_of(row->path);
            for (int i = 0; i < n; ++i)
                if (rows[static_cast<std::size_t>(i)].path == parent) browse_sel_ = i;
        }
    } else if (key.is('a')) {
        preset_all_profiles();
    } else if (key.is('u')) {
        preset_personal_folders();
    } else if (key.is('n', 2)) {
        if (tree_.marked().empty())
            return say("Nothing is marked yet: press Space on a folder, or a for all user profiles.", Tone::warn);
        choose_destination(Intent::copy_files);
    } else if (key.is(Key::Kind::escape)) {
        go(Screen::unlocked);
    }
}

// Loads Users\ if needed, then runs `then` with the profile folders found there.
void Controller::with_profiles(std::function<void(std::vector<std::string>)> then) {
    auto users = tree_.child_path("", "Users");
    if (!users)
        return say("This drive has no Users folder (it may not be the Windows drive). Mark folders with Space.",
                   Tone::warn);
    auto found = [this, users = *users, then] {
        tree_.set_expanded(users, true);
        auto profiles = user_profiles(tree_);
        if (profiles.empty()) return say("No user profiles were found in \\Users.", Tone::warn);
        then(std::move(profiles));
    };
    if (tree_.find(*users)->loaded) found();
    else load_folder(*users, found);
}

void Controller::preset_all_profiles() {
    with_profiles([this](std::vector<std::string> profiles) {
        for (const auto& p : profiles) tree_.mark(p);
        log_.note(fmt::format("marked all {} user profiles", profiles.size()));
        say(fmt::format("Marked {}: {}.", plural(profiles.size(), "user profile", "user profiles"), names_of(profiles)),
            Tone::good);
    });
}

void Controller::preset_personal_folders() {
    auto apply = [this](std::string profile) {
        auto mark = [this, profile] {
            auto folders = personal_folders(tree_, profile);
            if (folders.empty()) return say("No Desktop, Documents or Pictures folder in " + last_part(profile) + ".", Tone::warn);
            for (const auto& f : folders) tree_.mark(f);
            tree_.set_expanded(profile, true);
            log_.note(fmt::format("marked the personal folders of one profile ({} folders)", folders.size()));
            say(fmt::format("Marked {} of {}.", names_of(folders), last_part(profile)), Tone::good);
        };
        if (tree_.find(profile)->loaded) mark();
        else load_folder(profile, mark);
    };
    with_profiles([this, apply](std::vector<std::string> profiles) {
        // Public is everyone's: it is in "all users", not one person's folders.
        std::erase_if(profiles, [](const std::string& p) { return p.substr(p.rfind('/') + 1) == "Public"; });
        if (profiles.empty()) return say("No personal user profile was found in \\Users.", Tone::warn);
        if (profiles.size() == 1) return apply(profiles.front());
        DialogModel d{.title = "Whose folders?", .lines = {"Choose the user whose personal folders to copy."}};
        for (std::size_t i = 0; i < profiles.size() && i < 9; ++i)
            d.buttons.push_back({last_part(profiles[i]), static_cast<char>('1' + i)});
        d.buttons.push_back({"Cancel", 'c'});
        int cancel = static_cast<int>(d.buttons.size()) - 1;
        show_dialog(std::move(d),
                    [apply, profiles, cancel](int choice) {
                        if (choice != cancel) apply(profiles[static_cast<std::size_t>(choice)]);
                    },
                    cancel);
    });
}

MenuModel Controller::unlocked_model(FrameModel& frame) const {
    const DriveEntry* d = current_drive();
    frame.step = 3;
    frame.heading = "Unlocked: " + (d ? drive_title(*d) : current_);
    frame.keys = {{"Enter", "Choose"}, {"Up/Down", "Move"}, {"Esc", "Drives"}, {"p", "Power"}, {"q", "Quit"}, {"?", "Help"}};
    MenuModel m;
    if (auto it = sessions_.find(current_); it != sessions_.end()) {
        m.status.push_back("The drive is unlocked " + it->second.how + ".");
        if (!it->second.correction.empty()) m.status.push_back(it->second.correction);
    }
    m.status.push_back("Nothing will be written to it: it is only read.");
    m.items = unlocked_items();
    if (m.items.size() > 3)  // opened with a password or .BEK: the 48 digits may be needed later
        m.status.push_back("It was opened without its recovery key: press 4 to see that key and write it down. "
                           "Windows may ask for it after a repair.");
    m.selected = menu_sel_;
    return m;
}

BrowseModel Controller::browse_model(FrameModel& frame) const {
    const DriveEntry* d = current_drive();
    frame.step = 3;
    frame.heading = "Choose what to copy from " + (d ? drive_title(*d) : current_);
    frame.keys = {{"Space", "Mark"}, {"Enter", "Open"}, {"a", "All users"}, {"u", "One user"},
                  {"F2/n", "Next"},  {"Esc", "Back"},   {"?", "Help"}};
    BrowseModel m;
    for (const auto& r : tree_.rows()) {
        FileTree::Mark mark = tree_.mark_of(r.path);
        m.rows.push_back({.depth = r.depth,
                          .is_dir = r.node->is_dir,
                          .expanded = r.node->expanded,
                          .mark = mark == FileTree::Mark::full ? 'x' : mark == FileTree::Mark::partial ? '~' : ' ',
                          .name = r.node->name,
                          .size = size_column(*r.node)});
    }
    m.selected = std::clamp(browse_sel_, 0, std::max(0, static_cast<int>(m.rows.size()) - 1));
    const auto& marked = tree_.marked();
    if (marked.empty()) {
        m.summary = "Nothing marked yet.";
    } else {
        std::string list;
        int shown = 0;
        for (const auto& p : marked) {
            if (shown == 3) break;
            list += (list.empty() ? "" : ", ") + FileTree::windows_path(p);
            ++shown;
        }
        if (marked.size() > 3) list += fmt::format(" (+{} more)", marked.size() - 3);
        m.summary = "Marked: " + list;
    }
    return m;
}

}  // namespace bde::tui
