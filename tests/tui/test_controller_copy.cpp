// From an unlocked drive to copied files: choosing folders, where to save, the confirmation, progress,
// unreadable files, pausing and stopping, the summary; also images, the shell, quitting and powering off.
#include "controller_rig.hpp"

using namespace bde;
using namespace bde::tui;
using namespace bde::tui::test;
using namespace std::chrono_literals;

namespace {

// Marks anna's personal folders and goes on to the destination list.
void to_destinations(Rig& r) {
    r.browse_system_volume();
    r.type("u");
    r.type("1");  // anna
    r.type("n");
    REQUIRE(r.ctl.screen() == Controller::Screen::destination);
}

void to_confirm(Rig& r) {
    to_destinations(r);
    r.enter();  // sdc1, the first usable drive
    REQUIRE(r.ctl.screen() == Controller::Screen::confirm);
}

// Starts the copy and returns once the fake copy is held before file `at` (not settling: it is running).
void start_held_copy(Rig& r, std::size_t at) {
    r.backend.hold_at_file = at;
    to_confirm(r);
    r.ctl.handle(Key::chars("y"));
    REQUIRE(r.backend.gate.someone_waiting());
}

}  // namespace

TEST_CASE("the folder tree opens and closes folders and marks with Space", "[tui][controller]") {
    Rig r;
    r.browse_system_volume();
    CHECK(r.shows("> [ ] + Users\\"));
    CHECK(r.shows("48.3 GB"));     // what the folder holds
    CHECK(r.shows("> 21.5 GB"));   // counting stopped early: at least this much
    r.press(Key::of(Key::Kind::right));
    CHECK(r.shows("> [ ] - Users\\"));
    CHECK(r.shows("[ ]   + anna\\"));
    CHECK(r.shows("[ ]   + Default\\"));  // listed, just never taken by the presets
    r.down();
    r.type(" ");
    CHECK(r.shows("> [x]   + anna\\"));
    CHECK(r.shows("[~] - Users\\"));
    CHECK(r.shows("Marked: Users\\anna"));
    r.press(Key::of(Key::Kind::left));  // from anna (closed) to its parent
    CHECK(r.shows("> [~] - Users\\"));
    r.press(Key::of(Key::Kind::left));  // closes Users
    CHECK(r.shows("> [~] + Users\\"));
    r.press(Key::of(Key::Kind::page_down));
    CHECK(r.shows("> [ ]   pagefile.sys"));
    CHECK(r.shows("8.6 GB"));
}

TEST_CASE("presets: every user profile, or one user's personal folders", "[tui][controller]") {
    Rig r;
    r.browse_system_volume();
    r.type("a");
    CHECK(r.message() == "Marked 3 user profiles: anna, bob, Public.");
    CHECK(r.shows("[x]   + anna\\"));
    CHECK(r.shows("[ ]   + Default\\"));

    Rig one;
    one.browse_system_volume();
    one.type("u");
    CHECK(one.shows("Whose folders?"));
    CHECK(one.shows("[ anna (1) ]  [ bob (2) ]  [ Cancel (c) ]"));  // Public is nobody's personal folder
    one.type("1");
    CHECK(one.message() == "Marked Desktop, Documents, Pictures, Videos, Music, Downloads, OneDrive of anna.");
    CHECK(one.shows("[x]     + Documents\\"));
    CHECK(one.shows("[ ]     + AppData\\"));
    CHECK(one.shows("[~]   - anna\\"));
}

TEST_CASE("going on with nothing marked says what to do", "[tui][controller]") {
    Rig r;
    r.browse_system_volume();
    r.press(Key::fn(2));
    CHECK(r.ctl.screen() == Controller::Screen::browse);
    CHECK(r.message() == "Nothing is marked yet: press Space on a folder, or a for all user profiles.");
}

TEST_CASE("destinations: usable drives first, the source disk shown but refused", "[tui][controller]") {
    Rig r;
    to_destinations(r);
    std::string s = r.screen();
    CHECK(s.find("> sdc1") != std::string::npos);
    CHECK(s.find("sdc1") < s.find("sdb1"));
    CHECK(s.find("sdb1") < s.find("nvme0n1p4"));
    CHECK(s.find("FAT32: files larger than 4 GiB cannot be stored on it.") != std::string::npos);
    CHECK(s.find("A new folder is made on that drive: DESKTOP-B8H4DIM 2026-11-05") != std::string::npos);
    r.type("3");
    r.enter();
    CHECK(r.ctl.screen() == Controller::Screen::destination);
    CHECK(r.message() == "On the disk being rescued: never written to.");
}

TEST_CASE("the confirmation starts on No: Enter goes back, y starts", "[tui][controller]") {
    Rig r;
    to_confirm(r);
    CHECK(r.shows("Start copying?  >[ No (n) ]  [ Yes, start (y) ]"));
    CHECK(r.shows("Users\\anna\\Desktop, Users\\anna\\Documents"));
    CHECK(r.shows("3 files, 3.0 GB"));
    CHECK(r.shows("To:        sdc1 \"BACKUP\" (exFAT), folder DESKTOP-B8H4DIM 2026-11-05"));
    r.enter();
    CHECK(r.ctl.screen() == Controller::Screen::destination);
    CHECK(r.message() == "Not started.");
    CHECK(r.backend.copy_requests.empty());
    r.enter();
    r.press(Key::of(Key::Kind::right));
    CHECK(r.shows(">[ Yes, start (y) ]"));
    r.press(Key::of(Key::Kind::escape));
    CHECK(r.ctl.screen() == Controller::Screen::destination);
    CHECK(r.backend.copy_requests.empty());
}

TEST_CASE("warnings before starting: not enough space, files too large for FAT32", "[tui][controller]") {
    Rig r;
    r.backend.plan = {.files = 5, .bytes = 20'000'000'000, .free = 14'200'000'000, .too_big_files = 2,
                      .too_big_bytes = 9'100'000'000, .target = "sdb1"};
    to_destinations(r);
    r.type("2");
    r.enter();
    CHECK(r.shows("! Not enough free space: 20.0 GB needed, 14.2 GB free."));
    CHECK(r.shows("! FAT32: 2 files larger than 4 GiB (9.1 GB) cannot be stored there and will"));
}

TEST_CASE("the copy: progress, a file that cannot be read (Retry), the summary", "[tui][controller]") {
    Rig r;
    to_confirm(r);
    r.type("y");
    // The second file fails once: the copy stops and asks.
    REQUIRE(r.ctl.screen() == Controller::Screen::progress);
    CHECK(r.shows("A file cannot be read"));
    CHECK(r.shows("Users\\anna\\Pictures\\IMG_0042.JPG"));
    CHECK(r.shows(">[ Skip (s) ]"));  // Skip is the default
    CHECK(r.shows("[ Retry (r) ]"));
    CHECK(r.shows("[ Skip all (a) ]"));
    CHECK(r.shows("[ Abort (x) ]"));
    r.press(Key::of(Key::Kind::escape));  // Esc does not answer for the user
    CHECK(r.shows("A file cannot be read"));
    r.type("r");
    REQUIRE(r.ctl.screen() == Controller::Screen::done);
    CHECK(r.backend.failure_answers == std::vector<FailureChoice>{FailureChoice::retry});
    CHECK(r.shows("Your files are copied."));
    CHECK(r.shows("Copied:     3 files (3.0 GB)"));
    CHECK(r.shows("Saved in:   sdc1 \"BACKUP\" (exFAT), folder DESKTOP-B8H4DIM 2026-11-05"));
    CHECK(r.shows("Report:     report.txt in that folder"));
    REQUIRE(r.backend.copy_requests.size() == 1);
    const CopyRequest& req = r.backend.copy_requests[0];
    CHECK(req.drive == "/dev/nvme0n1p3");
    CHECK(req.destination == "/dev/sdc1");
    CHECK(req.folder == "DESKTOP-B8H4DIM 2026-11-05");
    CHECK(req.paths == std::vector<std::string>{"Users/anna/Desktop", "Users/anna/Documents", "Users/anna/Downloads",
                                                "Users/anna/Music", "Users/anna/OneDrive", "Users/anna/Pictures",
                                                "Users/anna/Videos"});
    CHECK(r.log_text().find("finished: 3 files copied (3.0 GB), 0 skipped, 0 failed") != std::string::npos);
    r.enter();  // copy more
    CHECK(r.ctl.screen() == Controller::Screen::unlocked);
}

TEST_CASE("Skip all stops asking, Abort stops the copy", "[tui][controller]") {
    Rig r;
    r.backend.files = {{"a.txt", 10, -1}, {"b.txt", 10, -1}, {"c.txt", 10, 0}};
    to_confirm(r);
    r.type("y");
    r.type("a");
    REQUIRE(r.ctl.screen() == Controller::Screen::done);
    CHECK(r.backend.failure_answers == std::vector<FailureChoice>{FailureChoice::skip_all});
    CHECK(r.shows("Finished, but 2 files could not be read."));
    CHECK(r.shows("Failed:     2 files"));

    Rig a;
    a.backend.files = {{"a.txt", 10, -1}, {"b.txt", 10, 0}};
    to_confirm(a);
    a.type("y");
    a.type("x");
    REQUIRE(a.ctl.screen() == Controller::Screen::done);
    CHECK(a.shows("Stopped. What was copied so far is kept."));
}

TEST_CASE("progress: stalled after 10 s without progress, pause holds the copy, stop asks first", "[tui][controller]") {
    Rig r;
    start_held_copy(r, 1);
    r.ctl.tick();
    CHECK(r.shows("1 of 3 files"));
    CHECK(r.shows("Problems so far: none."));
    CHECK(!r.shows("STALLED"));
    r.now += 11s;
    r.ctl.tick();
    CHECK(r.shows("STALLED: no progress for 11 s."));

    r.ctl.handle(Key::chars("p"));
    CHECK(r.shows("PAUSED. Press p to go on."));
    CHECK(!r.shows("STALLED"));
    CHECK(r.ctl.snapshot().frame.keys[0].label == "Go on");
    r.backend.gate.open();
    CHECK(!r.ctl.settle(300ms));  // held at the next progress report
    r.ctl.handle(Key::chars("x"));
    CHECK(r.shows("Stop now? What is already copied stays on the destination."));
    r.ctl.handle(Key::of(Key::Kind::enter));  // No is the default
    CHECK(r.ctl.job_running());
    r.ctl.handle(Key::chars("p"));  // go on
    r.settle();
    // The failing second file asks; answer Skip, and it finishes.
    r.type("s");
    REQUIRE(r.ctl.screen() == Controller::Screen::done);
    CHECK(r.shows("Finished, but 1 file could not be read."));
}

TEST_CASE("a minute spent answering about an unreadable file is not shown as a stall", "[tui][controller]") {
    Rig r;
    r.backend.hold_at_file = 2;
    to_confirm(r);
    r.type("y");
    REQUIRE(r.shows("A file cannot be read"));  // the second file, waiting for an answer
    r.now += 60s;
    r.ctl.tick();
    CHECK(!r.shows("STALLED"));
    r.ctl.handle(Key::chars("r"));  // Retry: shown at once, before the copy reports again
    CHECK(!r.shows("A file cannot be read"));
    CHECK(!r.shows("STALLED"));
    REQUIRE(r.backend.gate.someone_waiting());  // the retried file is done; held before the third
    r.ctl.tick();
    CHECK(r.shows("2 of 3 files"));
    r.now += 11s;  // and a real stall after the answer still shows
    r.ctl.tick();
    CHECK(r.shows("STALLED: no progress for 11 s."));
    r.backend.gate.open();
    r.settle();
    CHECK(r.ctl.screen() == Controller::Screen::done);
}

TEST_CASE("help during the copy explains pause, stop and stalled, and the copy goes on", "[tui][controller]") {
    Rig r;
    start_held_copy(r, 0);
    r.ctl.handle(Key::chars("?"));
    CHECK(r.shows("p pauses the copy"));
    CHECK(r.shows("STALLED means nothing was read for a while"));
    r.ctl.handle(Key::of(Key::Kind::enter));  // closes the help
    CHECK(!r.shows("p pauses the copy"));
    r.ctl.handle(Key::fn(1));
    CHECK(r.shows("p pauses the copy"));
    r.ctl.handle(Key::of(Key::Kind::escape));
    CHECK(r.ctl.job_running());
    CHECK(r.shows("p Pause"));  // neither key paused it
    r.backend.gate.open();
    r.settle();
}

TEST_CASE("stopping a copy keeps what was copied", "[tui][controller]") {
    Rig r;
    start_held_copy(r, 0);
    r.ctl.handle(Key::of(Key::Kind::escape));
    r.ctl.handle(Key::chars("y"));
    r.backend.gate.open();
    r.settle();
    REQUIRE(r.ctl.screen() == Controller::Screen::done);
    CHECK(r.shows("Stopped. What was copied so far is kept."));
    CHECK(r.log_text().find("stop requested") != std::string::npos);
}

TEST_CASE("copying again into today's folder says the files already there are kept, not copied again",
          "[tui][controller]") {
    Rig r;
    r.backend.plan.folder_exists = true;
    r.backend.files.clear();
    r.backend.already_there = 3;
    to_confirm(r);
    CHECK(r.shows("The folder DESKTOP-B8H4DIM 2026-11-05 is already on that drive, from an"));
    CHECK(r.shows("files already copied into it are kept and not copied again."));
    CHECK(!r.shows("everything goes into the new folder"));
    r.type("y");
    REQUIRE(r.ctl.screen() == Controller::Screen::done);
    CHECK(r.shows("Nothing new to copy: these files were already copied into that folder."));
    CHECK(r.shows("Copied:        0 files (0 bytes)"));
    CHECK(r.shows("Already there: 3 files from an earlier copy, kept as they were"));
    CHECK(r.log_text().find("0 files copied (0 bytes), 3 already there") != std::string::npos);
}

TEST_CASE("Ctrl-C: at once when idle, with a question while copying", "[tui][controller]") {
    Rig idle;
    idle.start();
    idle.ctl.handle(Key::of(Key::Kind::interrupt));
    CHECK(idle.ctl.finished());
    CHECK(idle.ctl.interrupted());

    Rig r;
    start_held_copy(r, 0);
    r.ctl.handle(Key::of(Key::Kind::interrupt));
    CHECK(!r.ctl.finished());
    CHECK(r.shows("Stop and quit?"));
    r.ctl.handle(Key::of(Key::Kind::interrupt));
    CHECK(r.ctl.finished());
    r.backend.gate.open();  // the job sees the cancel and ends; the controller's destructor joins it
}

TEST_CASE("a full decrypted image: destination, FAT32 warning, progress, done", "[tui][controller]") {
    Rig r;
    r.unlock_system_volume();
    r.type("2");
    REQUIRE(r.ctl.screen() == Controller::Screen::destination);
    CHECK(r.shows("Where should the image go?"));
    r.type("2");  // sdb1, FAT32
    r.enter();
    REQUIRE(r.ctl.screen() == Controller::Screen::confirm);
    CHECK(r.shows("! This drive is FAT32: it cannot hold a file larger than 4 GiB."));
    CHECK(r.shows("Start writing the image?"));
    CHECK(r.shows("The image goes into that folder;"));
    CHECK(!r.shows("everything goes into the new folder"));
    r.type("n");
    r.press(Key::of(Key::Kind::up));
    r.enter();
    r.type("y");
    REQUIRE(r.ctl.screen() == Controller::Screen::done);
    CHECK(r.shows("The image is written."));
    CHECK(r.backend.calls.back() == "image");
    CHECK(r.backend.copy_requests.back().destination == "/dev/sdc1");
}

// An internal drive is not opened before it is chosen, and some drivers never report sizes: unknown free space
// is said as such, not as "0 bytes free" with a warning that the image will not fit.
TEST_CASE("an image to a drive whose free space is not known yet warns of nothing it cannot know", "[tui][controller]") {
    Rig r;
    r.backend.destinations[1].free = 0;
    r.backend.destinations[1].free_known = false;
    r.unlock_system_volume();
    r.type("2");
    REQUIRE(r.ctl.screen() == Controller::Screen::destination);
    r.type("1");  // sdc1, exFAT "BACKUP"
    r.enter();
    REQUIRE(r.ctl.screen() == Controller::Screen::confirm);
    CHECK(r.shows("unknown (the drive does not say)"));
    CHECK(!r.shows("Not enough free space"));

    Rig known;  // the same drive with a known, too small free space does warn
    known.backend.destinations[1].free = 1'000'000;
    known.unlock_system_volume();
    known.type("2");
    known.type("1");
    known.enter();
    REQUIRE(known.ctl.screen() == Controller::Screen::confirm);
    CHECK(known.shows("Not enough free space"));
}

TEST_CASE("the shell: the drive is mounted read-only and the app loop is asked to run a shell", "[tui][controller]") {
    Rig r;
    r.unlock_system_volume();
    r.type("3");
    auto request = r.ctl.take_shell_request();
    REQUIRE(request);
    CHECK(request->directory == "/run/bderescue/ro");
    CHECK(r.backend.calls.back() == "mount /dev/nvme0n1p3");
    CHECK(!r.ctl.take_shell_request());
    r.ctl.shell_returned(0);
    CHECK(r.message().find("Back from the shell.") == 0);

    Rig failing;
    failing.backend.mount_point = fail(Errc::unsupported, "Mounting is not available.");
    failing.unlock_system_volume();
    failing.type("3");
    CHECK(!failing.ctl.take_shell_request());
    CHECK(failing.message() == "Mounting is not available.");
}

TEST_CASE("quitting and powering off need a confirmation whose default is No", "[tui][controller]") {
    Rig r;
    r.start();
    r.type("q");
    CHECK(r.shows("Quit BDE Rescue?"));
    r.enter();
    CHECK(!r.ctl.finished());
    r.type("p");
    CHECK(r.shows(">[ Cancel (c) ]"));
    r.enter();
    CHECK(!r.backend.powered);
    r.type("p");
    r.type("o");
    CHECK(r.backend.powered == PowerAction::power_off);
    r.type("q");
    r.type("y");
    CHECK(r.ctl.finished());
    CHECK(!r.ctl.interrupted());
}

TEST_CASE("Esc walks back: confirm, destinations, folders, unlocked, drives", "[tui][controller]") {
    Rig r;
    to_confirm(r);
    r.esc();
    CHECK(r.ctl.screen() == Controller::Screen::destination);
    r.esc();
    CHECK(r.ctl.screen() == Controller::Screen::browse);
    CHECK(r.shows("Marked: Users\\anna\\Desktop"));  // the marks are kept
    r.esc();
    CHECK(r.ctl.screen() == Controller::Screen::unlocked);
    r.esc();
    CHECK(r.ctl.screen() == Controller::Screen::volumes);
}

TEST_CASE("help is one key away on every screen", "[tui][controller]") {
    Rig r;
    r.start();
    r.type("?");
    CHECK(r.shows("Help"));
    CHECK(r.shows("Nothing is ever written to the encrypted drive."));
    r.esc();
    r.press(Key::fn(1));
    CHECK(r.shows("Help"));
    r.enter();
    r.enter();
    r.press(Key::fn(1));  // on the key screen F1 types a 1
    CHECK(r.shows("[1_____]"));
    r.type("?");
    CHECK(r.shows("F1 to F10 type 1 to 9 and 0"));
}

TEST_CASE("an unreadable folder says so and stays closed", "[tui][controller]") {
    Rig r;
    r.backend.folders.erase("Users");
    r.browse_system_volume();
    r.press(Key::of(Key::Kind::right));
    CHECK(r.message() == "The folder \\Users cannot be read.");
    CHECK(r.shows("> [ ] + Users\\"));
    CHECK(r.shows("cannot be read"));
}

TEST_CASE("a screen smaller than 80x24 shows only the notice, whatever the state", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    std::string small = r.screen(20, 60);
    CHECK(small.find("Window too small") != std::string::npos);
    CHECK(small.find("This screen is 60x20.") != std::string::npos);
    CHECK(r.screen(24, 80).find("Window too small") == std::string::npos);
}
