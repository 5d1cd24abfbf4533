// The small parts under the screens: the canvas, text fitting and numbers, the 48-digit entry, the
// folder tree's marks, the progress arithmetic, the background job.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "current_file_progress.hpp"
#include "file_tree.hpp"
#include "job.hpp"
#include "progress_tracker.hpp"
#include "recovery_key_entry.hpp"
#include "text_canvas.hpp"
#include "ui_text.hpp"

using namespace bde::tui;
using namespace std::chrono_literals;

TEST_CASE("canvas clips text, keeps wide characters whole and shows control characters as ?", "[tui][canvas]") {
    TextCanvas c(2, 10);
    CHECK(c.put(0, 7, "abcdef") == 3);
    CHECK(c.row_text(0) == "       abc");
    c.put(1, 0, "a\x01日本");
    CHECK(c.row_text(1) == "a?日本");
    CHECK(c.at(1, 3).glyph.empty());  // right half of 日
    TextCanvas narrow(1, 4);
    narrow.put(0, 2, "日本");         // the second one does not fit: not half-drawn
    CHECK(narrow.row_text(0) == "  日");
}

TEST_CASE("canvas boxes and attributes", "[tui][canvas]") {
    TextCanvas c(3, 6);
    c.box({0, 0, 3, 6});
    CHECK(c.text() == "+----+\n|    |\n+----+\n");
    c.set_attr(1, 1, 2, reverse());
    CHECK(c.at(1, 1).attr.reverse);
    CHECK(!c.at(1, 3).attr.reverse);
}

TEST_CASE("text fitting and wrapping", "[tui][text]") {
    CHECK(fit("Documents and Settings", 10) == "Documen...");
    CHECK(fit("short", 10) == "short");
    CHECK(fit_left("Users\\anna\\Videos\\holiday.mp4", 15) == "...\\holiday.mp4");
    CHECK(pad("ab", 4) == "ab  ");
    CHECK(wrap("one two three four", 9) == std::vector<std::string>{"one two", "three", "four"});
    // A word longer than the line is broken over lines, not cut.
    CHECK(wrap("Log: /stick/logs/bderescue.log", 10) ==
          std::vector<std::string>{"Log:", "/stick/log", "s/bderescu", "e.log"});
    CHECK(display_width("Müller 日本") == 11);
}

TEST_CASE("sizes in GB and GiB, rates, durations and counts", "[tui][text]") {
    CHECK(format_bytes(512) == "512 bytes");
    CHECK(format_bytes(1) == "1 byte");
    CHECK(format_bytes(45'600'000'000) == "45.6 GB");
    CHECK(format_bytes(999'999) == "1.0 MB");
    CHECK(format_bytes_dual(256'060'514'304) == "256.1 GB (238.5 GiB)");
    CHECK(format_bytes_dual(1'000'204'886'016) == "1.0 TB (931.5 GiB)");
    CHECK(format_rate(85'200'000) == "85.2 MB/s");
    CHECK(format_duration(12) == "12 s");
    CHECK(format_duration(250) == "4 min 10 s");
    CHECK(format_duration(3900) == "1 h 05 min");
    CHECK(format_count(12345) == "12,345");
    CHECK(format_count(999) == "999");
    CHECK(plural(1, "file", "files") == "1 file");
    CHECK(plural(1200, "file", "files") == "1,200 files");
}

TEST_CASE("48-digit entry: boxes fill and advance, separators ignored, each group checked when full", "[tui][entry]") {
    RecoveryKeyEntry e;
    e.type("042647-3023");
    CHECK(e.group(0) == "042647");
    CHECK(e.group(1) == "3023");
    CHECK(e.active_group() == 1);
    CHECK(e.state(0) == RecoveryKeyEntry::GroupState::valid);
    CHECK(e.state(1) == RecoveryKeyEntry::GroupState::partial);
    e.type("13 590485");  // digits 5 and 6 of group 3 swapped
    CHECK(e.state(2) == RecoveryKeyEntry::GroupState::invalid);
    CHECK(e.invalid_groups() == std::vector<int>{2});
    CHECK(e.active_group() == 3);
    CHECK(e.type("x") == RecoveryKeyEntry::Typed::ignored_letters);
    CHECK(e.digit_count() == 18);
}

TEST_CASE("48-digit entry: Backspace crosses boxes, arrows reach a box to retype it", "[tui][entry]") {
    RecoveryKeyEntry e;
    e.type("042647302313");
    e.backspace();
    CHECK(e.group(1) == "30231");
    e.type("3");
    e.backspace();
    e.backspace();
    e.backspace();
    e.backspace();
    e.backspace();
    e.backspace();  // group 2 now empty
    CHECK(e.group(1).empty());
    e.backspace();  // and back into group 1
    CHECK(e.group(0) == "04264");
    CHECK(e.active_group() == 0);

    RecoveryKeyEntry full;
    full.type("042647-302313-590485-071500-554323-116567-412181-516978");
    CHECK(full.complete());
    CHECK(full.active_group() == 8);
    CHECK(full.type_digit('1') == RecoveryKeyEntry::Typed::nothing);
    for (int i = 0; i < 6; ++i) full.move_left();  // to group 3
    CHECK(full.active_group() == 2);
    full.type("590458");  // typing in a full box starts it over
    CHECK(full.group(2) == "590458");
    CHECK(full.invalid_groups().empty());
    CHECK(full.active_group() == 8);
    CHECK(std::string(full.text().view()) == "042647-302313-590458-071500-554323-116567-412181-516978");
}

TEST_CASE("48-digit entry: a paste with a label replaces everything, full-width digits count", "[tui][entry]") {
    RecoveryKeyEntry e;
    e.type("123");
    CHECK(e.type("Recovery Key: 235818-357951-253979-013365-241120-245575-342914-591910\r\n") ==
          RecoveryKeyEntry::Typed::full);
    CHECK(e.complete());
    CHECK(e.group(0) == "235818");
    RecoveryKeyEntry wide;
    wide.type("０４２６４７");
    CHECK(wide.group(0) == "042647");
    RecoveryKeyEntry moving;
    moving.move_right();  // nothing to the right of an empty box
    CHECK(moving.active_group() == 0);
}

TEST_CASE("folder tree: marks cover what is inside, unmarking inside a mark splits it", "[tui][tree]") {
    FileTree t;
    t.set_children("", {{"Users", true}, {"Windows", true}, {"pagefile.sys", false, 8'000'000'000}});
    t.set_children("Users", {{"anna", true}, {"Public", true}, {"Default", true}, {"desktop.ini", false, 174}});
    t.set_children("Users/anna", {{"Documents", true}, {"Pictures", true}, {"Music", true}, {"OneDrive", true},
                                  {"AppData", true}, {"NTUSER.DAT", false, 3'000'000}});
    t.set_expanded("Users", true);
    CHECK(t.rows().size() == 7);
    CHECK(t.rows()[0].path == "Users");  // folders first
    CHECK(t.rows()[4].path == "Users/desktop.ini");
    CHECK(t.rows()[5].path == "Windows");

    t.toggle("Users/anna");
    CHECK(t.mark_of("Users/anna/Documents") == FileTree::Mark::full);
    CHECK(t.mark_of("Users") == FileTree::Mark::partial);
    CHECK(t.mark_of("Windows") == FileTree::Mark::none);
    t.toggle("Users/anna/AppData");  // leave AppData out: the rest of anna stays marked
    CHECK(t.mark_of("Users/anna/AppData") == FileTree::Mark::none);
    CHECK(t.mark_of("Users/anna/Documents") == FileTree::Mark::full);
    CHECK(t.mark_of("Users/anna") == FileTree::Mark::partial);
    CHECK(t.marked().size() == 5);
    t.toggle("Users");  // marking a folder takes over the marks inside it
    CHECK(t.marked() == std::set<std::string>{"Users"});

    CHECK(user_profiles(t) == std::vector<std::string>{"Users/anna", "Users/Public"});
    CHECK(personal_folders(t, "Users/anna") ==
          std::vector<std::string>{"Users/anna/Documents", "Users/anna/Pictures", "Users/anna/Music", "Users/anna/OneDrive"});
    CHECK(t.child_path("", "users") == std::optional<std::string>("Users"));
    CHECK(FileTree::windows_path("Users/anna") == "Users\\anna");
}

TEST_CASE("progress: rate over a window, time left, stalled after 10 s, pause is neither", "[tui][progress]") {
    ProgressTracker t;
    auto t0 = std::chrono::steady_clock::time_point{} + 1h;
    t.reset(t0);
    t.sample(t0 + 1s, 100'000'000);
    t.sample(t0 + 2s, 200'000'000);
    CHECK(t.rate() == Approx(100'000'000));
    CHECK(t.eta_seconds(1'200'000'000) == std::optional<std::uint64_t>(10));
    CHECK(!t.stalled(t0 + 11s));
    t.sample(t0 + 12s, 200'000'000);
    CHECK(t.stalled(t0 + 12s));
    CHECK(t.seconds_since_progress(t0 + 12s) == 10);
    t.set_paused(t0 + 12s, true);
    CHECK(!t.stalled(t0 + 60s));
    t.set_paused(t0 + 60s, false);
    CHECK(!t.stalled(t0 + 65s));
    CHECK(t.stalled(t0 + 70s));
}

TEST_CASE("job: progress, a question answered by the UI side, cancel while asking", "[tui][job]") {
    Job job;
    job.start([](JobControl& c) {
        c.publish({.phase = "working", .step = 1, .steps = 2});
        int a = c.ask({.title = "Which?", .buttons = {{"One", '1'}, {"Two", '2'}}, .cancel_answer = 0});
        c.publish({.phase = "answered", .step = a, .steps = 2});
    });
    REQUIRE(job.wait_settled(5s));
    REQUIRE(job.question());
    CHECK(job.question()->title == "Which?");
    job.answer(1);
    REQUIRE(job.wait_settled(5s));
    CHECK(job.take_finished());
    CHECK(job.progress().phase == "answered");
    CHECK(job.progress().step == 1);
    CHECK(!job.active());

    job.start([](JobControl& c) {
        int a = c.ask({.title = "Stop?", .buttons = {{"Go", 'g'}, {"Stop", 's'}}, .cancel_answer = 1});
        c.publish({.step = a});
    });
    REQUIRE(job.wait_settled(5s));
    job.cancel();
    REQUIRE(job.wait_settled(5s));
    CHECK(job.take_finished());
    CHECK(job.progress().step == 1);
}

TEST_CASE("job: pause holds the worker at its next pause point", "[tui][job]") {
    Job job;
    std::atomic<int> passed{0};
    job.set_paused(false);
    job.start([&](JobControl& c) {
        for (int i = 0; i < 3; ++i) {
            c.pause_point();
            ++passed;
            std::this_thread::sleep_for(20ms);
        }
    });
    job.set_paused(true);
    std::this_thread::sleep_for(150ms);
    int while_paused = passed;
    std::this_thread::sleep_for(100ms);
    CHECK(passed == while_paused);
    CHECK(passed < 3);
    job.set_paused(false);
    REQUIRE(job.wait_settled(5s));
    CHECK(job.take_finished());
    CHECK(passed == 3);
}

TEST_CASE("current file: how far into it, from the bytes done over all files", "[tui][progress]") {
    CurrentFileProgress c;
    c.set_plan({{"a.txt", 100}, {"big.iso", 1000}, {"empty", 0}, {"c.txt", 50}});
    CHECK(c.of("a.txt", 40) == std::pair<std::uint64_t, std::uint64_t>{40, 100});
    CHECK(c.of("big.iso", 100) == std::pair<std::uint64_t, std::uint64_t>{0, 1000});
    CHECK(c.of("big.iso", 600) == std::pair<std::uint64_t, std::uint64_t>{500, 1000});
    CHECK(c.of("big.iso", 5000) == std::pair<std::uint64_t, std::uint64_t>{1000, 1000});  // never past its size
    CHECK(c.of("empty", 1100) == std::pair<std::uint64_t, std::uint64_t>{0, 0});
    CHECK(c.of("c.txt", 1125) == std::pair<std::uint64_t, std::uint64_t>{25, 50});
    CHECK(c.of("not planned", 10) == std::pair<std::uint64_t, std::uint64_t>{0, 0});
}
