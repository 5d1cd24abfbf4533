#pragma once
// A controller wired to the test-only FakeBackend, a memory-only log and a clock the test moves by hand;
// keys are pressed one at a time and the background job is waited for after each.
#include <catch2/catch.hpp>

#include "action_log.hpp"
#include "controller.hpp"
#include "fake_backend.hpp"
#include "text_canvas.hpp"

namespace bde::tui::test {

inline constexpr const char* kSystemKey = "235818-357951-253979-013365-241120-245575-342914-591910";
inline constexpr const char* kSystemKeyId = "1F9DA098-74C7-4E90-8FA2-1F6A2E2B4E0C";
inline constexpr const char* kDataKey = "042647-302313-590458-071500-554323-116567-412181-516978";
inline constexpr const char* kDataKeyId = "64311DEA-4587-4029-924A-BA299647998E";

// A Windows laptop: the system volume, a BitLocker data volume, a USB stick; a tree of user profiles;
// three places to save to; three files to copy, the second of which fails once.
inline void standard_setup(FakeBackend& b) {
    b.drives = {other_drive("/dev/sdb1", "vfat", "KEYS", 16'008'609'792),
                windows_volume("/dev/sda2", "DESKTOP-B8H4DIM D: 3/21/2024", kDataKeyId, false),
                windows_volume("/dev/nvme0n1p3", "DESKTOP-B8H4DIM C: 3/21/2024", kSystemKeyId, true)};
    b.recovery_keys = {{"/dev/nvme0n1p3", kSystemKey}, {"/dev/sda2", kDataKey}};
    // Users counted in full; Windows too big to count in the time allowed (a lower bound).
    b.folders[""] = {{"Users", true, 48'318'382'080, true}, {"Windows", true, 21'474'836'480, false},
                     {"pagefile.sys", false, 8'589'934'592}};
    b.folders["Users"] = {{"anna", true}, {"bob", true}, {"Public", true}, {"Default", true}, {"desktop.ini", false, 174}};
    b.folders["Users/anna"] = {{"Desktop", true}, {"Documents", true}, {"Pictures", true}, {"Videos", true},
                               {"Music", true},   {"Downloads", true}, {"AppData", true},  {"OneDrive", true},
                               {"NTUSER.DAT", false, 3'145'728}};
    b.folders["Users/bob"] = {{"Documents", true}, {"Downloads", true}};
    b.folders["Users/Public"] = {{"Documents", true}};
    b.destinations = {{.handle = "/dev/nvme0n1p4", .device = "/dev/nvme0n1p4", .filesystem = "ntfs", .free = 20'000'000'000,
                       .total = 21'000'000'000, .usable = false, .problem = "On the disk being rescued: never written to."},
                      {.handle = "/dev/sdc1", .device = "/dev/sdc1", .label = "BACKUP", .model = "WD Elements",
                       .filesystem = "exfat", .free = 1'800'000'000'000, .total = 2'000'000'000'000},
                      {.handle = "/dev/sdb1", .device = "/dev/sdb1", .label = "KEYS", .filesystem = "vfat",
                       .free = 14'200'000'000, .total = 16'008'609'792}};
    b.plan = {.files = 3, .bytes = 3'000'000'000, .free = 1'800'000'000'000, .target = "sdc1 \"BACKUP\" (exFAT), folder DESKTOP-B8H4DIM 2026-11-05"};
    b.files = {{"Users/anna/Documents/thesis.docx", 1'000'000'000, 0},
               {"Users/anna/Pictures/IMG_0042.JPG", 1'000'000'000, 1},
               {"Users/anna/Videos/holiday.mp4", 1'000'000'000, 0}};
}

struct Rig {
    FakeBackend backend;
    ActionLog log;
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    Controller ctl{backend, log, ControllerOptions{.clock = [this] { return now; }, .today = [] { return std::string("2026-11-05"); }}};

    explicit Rig(bool standard = true) {
        if (standard) standard_setup(backend);
    }
    void start() {
        ctl.start();
        settle();
    }
    void settle() { REQUIRE(ctl.settle(std::chrono::seconds(20))); }
    void press(const Key& k) {
        ctl.handle(k);
        settle();
    }
    void type(const std::string& s) { press(Key::chars(s)); }
    void enter() { press(Key::of(Key::Kind::enter)); }
    void esc() { press(Key::of(Key::Kind::escape)); }
    void down() { press(Key::of(Key::Kind::down)); }
    void tab() { press(Key::of(Key::Kind::tab)); }

    std::string screen(int rows = 24, int cols = 80) const {
        TextCanvas c(rows, cols);
        render(c, ctl.snapshot());
        return c.text();
    }
    bool shows(const std::string& text) const { return screen().find(text) != std::string::npos; }
    std::string message() const { return ctl.snapshot().frame.message; }
    std::string log_text() const {
        std::string all;
        for (const auto& l : log.lines()) all += l + "\n";
        return all;
    }
    // The drives are listed system volume first: nvme0n1p3, sda2, then sdb1.
    void open_system_volume() {
        start();
        enter();
        REQUIRE(ctl.screen() == Controller::Screen::key);
    }
    void unlock_system_volume() {
        open_system_volume();
        type(kSystemKey);
        enter();
        REQUIRE(ctl.screen() == Controller::Screen::unlocked);
    }
    void browse_system_volume() {
        unlock_system_volume();
        enter();  // "Copy files to another drive"
        REQUIRE(ctl.screen() == Controller::Screen::browse);
    }
};

}  // namespace bde::tui::test
