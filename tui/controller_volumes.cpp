// Step 1: the drives. Scanning, ordering (the Windows system volume first), choosing one.
#include <fmt/format.h>

#include <algorithm>

#include "controller.hpp"
#include "drive_words.hpp"
#include "ui_text.hpp"

namespace bde::tui {

namespace {

// BitLocker volumes before other drives; the likely Windows system volume first (as the disk scan says,
// or as its description does: "DESKTOP-B8H4DIM C: 3/21/2024"), then internal disks.
int drive_rank(const DriveEntry& d) {
    if (!d.is_bitlocker()) return 3;
    if (d.likely_windows_system || (d.bitlocker && d.bitlocker->description.find(" C: ") != std::string::npos)) return 0;
    return d.removable ? 2 : 1;
}

std::string conversion_words(VolumeState s) {
    switch (s) {
        case VolumeState::encrypting: return "still encrypting";
        case VolumeState::decrypting: return "being decrypted";
        case VolumeState::paused: return "encryption paused";
        case VolumeState::partially_encrypted: return "partly encrypted";
        default: return "";
    }
}

}  // namespace

void Controller::rescan() {
    struct Found {
        Result<std::vector<DriveEntry>> drives = std::vector<DriveEntry>{};
        std::vector<FoundKeyFile> keys;
    };
    auto found = std::make_shared<Found>();
    run_busy("Looking for drives and key files...", false,
             [this, found](JobControl&) {
                 found->drives = backend_.list_drives();
                 found->keys = backend_.find_keys();
             },
             [this, found] {
                 std::string selected = volume_sel_ < static_cast<int>(drives_.size())
                                            ? drives_[static_cast<std::size_t>(volume_sel_)].handle
                                            : std::string();
                 scan_notes_ = backend_.limitations();
                 if (found->drives) {
                     drives_ = std::move(*found->drives);
                 } else {
                     scan_notes_.insert(scan_notes_.begin(), found->drives.error().message);
                     log_.note("drive scan failed: " + found->drives.error().message);
                 }
                 std::stable_sort(drives_.begin(), drives_.end(),
                                  [](const DriveEntry& a, const DriveEntry& b) { return drive_rank(a) < drive_rank(b); });
                 keys_ = std::move(found->keys);
                 scanned_ = true;
                 volume_sel_ = 0;
                 for (int i = 0; i < static_cast<int>(drives_.size()); ++i)
                     if (drives_[static_cast<std::size_t>(i)].handle == selected) volume_sel_ = i;
                 int bitlocker = static_cast<int>(std::count_if(drives_.begin(), drives_.end(),
                                                                [](const DriveEntry& d) { return d.is_bitlocker(); }));
                 log_.note(fmt::format("scan: {} drives, {} BitLocker, {} key files", drives_.size(), bitlocker,
                                       keys_.size()));
             });
}

void Controller::handle_volumes(const Key& key) {
    int n = static_cast<int>(drives_.size());
    if (key.is(Key::Kind::up)) volume_sel_ = std::max(0, volume_sel_ - 1);
    else if (key.is(Key::Kind::down)) volume_sel_ = std::min(std::max(0, n - 1), volume_sel_ + 1);
    else if (key.is(Key::Kind::home) || key.is(Key::Kind::page_up)) volume_sel_ = 0;
    else if (key.is(Key::Kind::end) || key.is(Key::Kind::page_down)) volume_sel_ = std::max(0, n - 1);
    else if (char c = key.letter(); c >= '1' && c <= '9' && c - '1' < n) volume_sel_ = c - '1';
    else if (key.is(Key::Kind::enter)) open_drive(Intent::copy_files);
    else if (key.is('i')) open_drive(Intent::image);
    else if (key.is('s')) open_drive(Intent::shell);
    else if (key.is('k')) start_key_check();
    else if (key.is('r', 5)) rescan();
    else if (key.is('p')) confirm_power();
    else if (key.is('q', 10) || key.is(Key::Kind::escape)) confirm_quit();
}

void Controller::open_drive(Intent intent) {
    if (drives_.empty()) {
        say("There is no drive to open. Connect the disk and press r to look again.", Tone::warn);
        return;
    }
    const DriveEntry& d = drives_[static_cast<std::size_t>(volume_sel_)];
    if (!d.is_bitlocker()) {
        say("Not a BitLocker drive: it can hold key files or receive the copies.");
        return;
    }
    if (!d.bitlocker) {
        say(d.bitlocker_problem, Tone::bad);
        return;
    }
    current_ = d.handle;
    intent_ = intent;
    log_.note(fmt::format("chose {} ({})", d.device, d.bitlocker->description));
    if (sessions_.count(current_)) {
        go(Screen::unlocked);
        menu_sel_ = static_cast<int>(intent);
        return;
    }
    if (d.bitlocker->clear_key) {
        check_only_ = false;
        unlock_with(Credential{.kind = Credential::Kind::clear_key, .origin = "clear key"},
                    "without a key: BitLocker protection is suspended on this drive",
                    "This drive says it needs no key, but it could not be opened that way.");
        return;
    }
    enter_key_screen();
}

VolumesModel Controller::volumes_model(FrameModel& frame) const {
    frame.step = 1;
    frame.heading = scanned_ ? "Choose the drive to rescue" : "Looking for drives...";
    frame.keys = {{"Enter", "Open"}, {"F5/r", "Rescan"}, {"i", "Image"}, {"s", "Shell"}, {"k", "Check key"},
                  {"p", "Power"},    {"q", "Quit"},      {"?", "Help"}};
    VolumesModel m;
    m.selected = volume_sel_;
    for (const auto& d : drives_) {
        VolumeLine line{.device = short_device(d.device), .size = format_bytes_dual(d.size), .model = d.model};
        if (!d.is_bitlocker()) {
            line.details = filesystem_name(d.filesystem);
            if (!d.label.empty()) line.details += (line.details.empty() ? "\"" : " \"") + d.label + "\"";
            m.others.push_back(line);
            continue;
        }
        std::vector<std::string> parts;
        if (!d.bitlocker) {
            parts = {"BitLocker, but unreadable: " + d.bitlocker_problem};
            line.tone = Tone::bad;
        } else {
            const VolumeInfo& info = *d.bitlocker;
            parts.push_back(info.description.empty() ? "(no description)" : info.description);
            if (sessions_.count(d.handle)) {
                parts.push_back("unlocked");
                line.tone = Tone::good;
            } else {
                parts.push_back(info.clear_key ? "opens without a key" : "locked");
            }
            if (auto words = conversion_words(info.state); !words.empty()) parts.push_back(words);
            std::vector<std::string> ids;
            bool key_found = false;
            for (const auto& p : info.protectors) {
                if (p.type == ProtectorType::recovery_password) ids.push_back(p.key_id.short_str());
                for (const auto& k : keys_)
                    if (k.credential.key_id ? *k.credential.key_id == p.key_id : k.id_prefix && k.id_prefix->matches(p.key_id))
                        key_found = true;
            }
            if (!ids.empty()) {
                std::string joined;
                for (const auto& id : ids) joined += (joined.empty() ? "" : ", ") + id;
                parts.push_back((ids.size() == 1 ? "key ID " : "key IDs ") + joined);
            }
            if (key_found) parts.push_back("key file found");
        }
        for (const auto& p : parts) line.details += (line.details.empty() ? "" : ", ") + p;
        m.bitlocker.push_back(line);
    }
    if (scanned_ && m.bitlocker.empty())
        m.notices.push_back(
            "No BitLocker drive was found. Check that the disk is connected. On some laptops the disk only shows "
            "after switching the storage mode from RAID/RST to AHCI in the firmware settings. Then press r.");
    if (!keys_.empty()) m.notices.push_back(plural(keys_.size(), "key file", "key files") + " found on the connected drives.");
    for (const auto& n : scan_notes_) m.notices.push_back(n);
    return m;
}

}  // namespace bde::tui
