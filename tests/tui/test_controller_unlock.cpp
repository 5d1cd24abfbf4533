// The flow from the drive list to an unlocked drive, driven key by key against the fake backend.
#include "controller_rig.hpp"
#include "keys/recovery_password.hpp"

using namespace bde;
using namespace bde::tui;
using namespace bde::tui::test;

TEST_CASE("the first screen lists the Windows system volume first, other drives below", "[tui][controller]") {
    Rig r;
    r.start();
    CHECK(r.ctl.screen() == Controller::Screen::volumes);
    std::string s = r.screen();
    auto system = s.find("> nvme0n1p3");
    auto data = s.find("sda2");
    auto stick = s.find("sdb1");
    REQUIRE(system != std::string::npos);
    CHECK(system < data);
    CHECK(data < s.find("Other drives"));
    CHECK(s.find("Other drives") < stick);
    CHECK(s.find("DESKTOP-B8H4DIM C: 3/21/2024, locked, key ID 1F9DA098") != std::string::npos);
    CHECK(s.find("256.1 GB (238.5 GiB)") != std::string::npos);
}

TEST_CASE("without a hint from the disk scan, the volume described as drive C: comes first", "[tui][controller]") {
    Rig r;
    r.backend.drives[2].likely_windows_system = false;
    std::swap(r.backend.drives[1], r.backend.drives[2]);
    r.start();
    CHECK(r.shows("> nvme0n1p3"));
}

TEST_CASE("with no BitLocker drive the first screen says what to check", "[tui][controller]") {
    Rig r;
    r.backend.drives = {other_drive("/dev/sdb1", "vfat", "KEYS", 16'000'000'000)};
    r.start();
    CHECK(r.shows("No BitLocker drive was found"));
    r.enter();
    CHECK(r.message() == "Not a BitLocker drive: it can hold key files or receive the copies.");
    CHECK(r.ctl.screen() == Controller::Screen::volumes);
}

TEST_CASE("a rescan keeps the chosen drive chosen", "[tui][controller]") {
    Rig r;
    r.start();
    r.down();
    CHECK(r.shows("> sda2"));
    r.type("r");
    CHECK(r.shows("> sda2"));
    CHECK(std::count(r.backend.calls.begin(), r.backend.calls.end(), "list_drives") == 2);
}

TEST_CASE("a mistyped group is named as soon as it is full, before any unlock attempt", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    r.type("235818");
    r.type("357951");
    r.type("253997");  // digits 5 and 6 swapped
    CHECK(r.message() == "Group 3 is mistyped: a digit is wrong. Check it against your key.");
    CHECK(r.shows("[235818]-[357951]-!253997!-[______]"));
    CHECK(r.shows("wrong    ^^^^^^"));
    CHECK(r.backend.unlock_attempts == 0);
    r.press(Key::of(Key::Kind::backspace));
    CHECK(r.message().empty());
    CHECK(r.shows("[25399_]"));
}

TEST_CASE("F1..F10 type digits and Backspace goes back across boxes", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    for (int f : {2, 3, 5, 8, 1, 8, 3}) r.press(Key::fn(f));  // 2 3 5 8 1 8 | 3
    CHECK(r.shows("[235818]-[3_____]"));
    r.press(Key::fn(10));  // F10 is 0
    CHECK(r.shows("[30____]"));
    for (int i = 0; i < 3; ++i) r.press(Key::of(Key::Kind::backspace));
    CHECK(r.shows("[23581_]-[______]"));
}

TEST_CASE("letters in the key are ignored and said to be", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    r.type("2358I8");
    CHECK(r.message().find("letters are ignored") != std::string::npos);
    CHECK(r.shows("[23588_]"));
}

TEST_CASE("a pasted key with a label fills every box", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    r.type(std::string("Recovery key: ") + kSystemKey + "\n");
    CHECK(r.message() == "All 8 groups look right. Press Enter to unlock.");
    r.enter();
    CHECK(r.ctl.screen() == Controller::Screen::unlocked);
    CHECK(r.shows("The drive is unlocked with the recovery key you typed."));
    CHECK(!r.shows("Show this drive's recovery key"));  // it was just typed: nothing to offer
    CHECK(!r.shows("opened without its recovery key"));
}

TEST_CASE("a well-formed key for another drive says so, differently from a mistyped one", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    r.type(kDataKey);
    CHECK(r.message() == "All 8 groups look right. Press Enter to unlock.");
    r.enter();
    CHECK(r.ctl.screen() == Controller::Screen::key);
    CHECK(r.message() == "This key does not open this drive. Look for the key with ID 1F9DA098.");
    CHECK(r.message().find("mistyped") == std::string::npos);
    CHECK(r.backend.unlock_attempts == 1);
}

TEST_CASE("typo corrections are tried against the drive and the one that worked is named", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    r.type("235818-357951-253997-013365-241120-245575-342914-591910");
    CHECK(r.message() == "Group 3 is mistyped: a digit is wrong. Fix it, or press Enter to try fixes.");
    r.enter();
    CHECK(r.ctl.screen() == Controller::Screen::unlocked);
    CHECK(r.shows("The drive is unlocked with the recovery key you typed, after correcting a"));
    CHECK(r.shows("\n Your key had a typo. This correction opened the drive:\n group 3: 253997 -> 253979 (digits 5 and 6 swapped)\n"));
    CHECK(r.backend.unlock_attempts >= 1);
    CHECK(r.log_text().find("a corrected version of the typed key opened the drive (group(s) 3)") != std::string::npos);
}

TEST_CASE("when no likely correction opens the drive, the mistyped group is named", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    r.type("042647-302313-590485-071500-554323-116567-412181-516978");  // the other drive's key, with a typo
    r.enter();
    CHECK(r.ctl.screen() == Controller::Screen::key);
    CHECK(r.message().find("Group 3 is mistyped.") == 0);
    CHECK(r.message().find("none opens this drive") != std::string::npos);
    CHECK(r.backend.unlock_attempts > 1);
}

TEST_CASE("the busy box appears only when a job takes a while, and says which correction is tried", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    r.type("235818-357951-253997-013365-241120-245575-342914-591910");
    r.backend.hold_unlock = true;
    r.ctl.handle(Key::of(Key::Kind::enter));
    REQUIRE(r.backend.unlock_gate.someone_waiting());
    r.ctl.tick();
    CHECK(!r.ctl.snapshot().dialog);  // a short job never flashes a box
    r.now += std::chrono::seconds(1);
    r.ctl.tick();
    auto busy = r.ctl.snapshot();
    REQUIRE(busy.dialog);
    CHECK(busy.dialog->title == "Trying likely corrections of the mistyped group");
    REQUIRE(!busy.dialog->lines.empty());
    CHECK(busy.dialog->lines[0].find("Trying correction 1 of ") == 0);
    CHECK(busy.frame.keys.size() == 1);  // only Esc (stop) does anything now
    r.ctl.handle(Key::chars("q"));       // other keys are ignored while busy
    CHECK(!r.ctl.finished());
    r.backend.unlock_gate.open();
    r.settle();
    CHECK(r.ctl.screen() == Controller::Screen::unlocked);
}

TEST_CASE("a drive whose protection is suspended opens without asking for a key", "[tui][controller]") {
    Rig r;
    r.backend.drives[2].bitlocker->clear_key = true;
    r.backend.drives[2].bitlocker->protectors.push_back({.type = ProtectorType::clear_key});
    r.start();
    CHECK(r.shows("opens without a key"));
    r.enter();
    CHECK(r.ctl.screen() == Controller::Screen::unlocked);
    CHECK(r.shows("without a key: BitLocker protection is suspended"));
    CHECK(r.backend.unlock_attempts == 1);
}

TEST_CASE("a password is masked, a wrong one is told apart, the right one offers the recovery key", "[tui][controller]") {
    Rig r;
    auto& info = *r.backend.drives[2].bitlocker;
    info.protectors.push_back({.type = ProtectorType::password, .key_id = *KeyId::parse("3E55195C-8811-4D9B-97B4-2B9E5F8F5384")});
    r.backend.passwords["/dev/nvme0n1p3"] = "anaconda£";
    r.backend.stored_recovery = kSystemKey;
    r.open_system_volume();
    CHECK(r.shows("Ways to unlock: [Recovery key]  Password"));
    r.tab();
    CHECK(r.shows("[Password]"));
    r.type("hunter2");
    CHECK(r.shows("[*******"));
    CHECK(!r.shows("hunter2"));
    r.enter();
    CHECK(r.message() == "This password does not open this drive. Check Caps Lock and the keyboard layout.");
    for (int i = 0; i < 7; ++i) r.press(Key::of(Key::Kind::backspace));
    r.type("anaconda£");
    CHECK(r.shows("[*********  "));  // £ is one character
    r.enter();
    REQUIRE(r.ctl.screen() == Controller::Screen::unlocked);
    CHECK(r.shows("4  Show this drive's recovery key"));
    CHECK(r.shows("It was opened without its recovery key: press 4 to see that key and write"));
    r.type("4");
    CHECK(r.shows("Recovery key of this drive"));
    CHECK(r.shows(kSystemKey));
    CHECK(r.shows(std::string("Key ID: ") + kSystemKeyId));
    r.enter();
    CHECK(!r.shows(kSystemKey));
    CHECK(r.log_text().find("recovery key shown on screen") != std::string::npos);
}

TEST_CASE("a key file found for this drive is offered first and opens it", "[tui][controller]") {
    Rig r;
    auto bek_id = *KeyId::parse("5B9AD5B3-1B2F-4E6C-9D1B-6C6A10C0E1F1");
    r.backend.drives[2].bitlocker->protectors.push_back({.type = ProtectorType::startup_key, .key_id = bek_id});
    r.backend.startup_keys["/dev/nvme0n1p3"] = bek_id;
    FoundKeyFile bek{.file = "5B9AD5B3-1B2F-4E6C-9D1B-6C6A10C0E1F1.BEK", .where = "USB stick SanDisk Cruzer (/dev/sdb1)"};
    bek.credential.kind = Credential::Kind::startup_key;
    bek.credential.key_id = bek_id;
    bek.credential.secret = SecureBuffer(32);
    FoundKeyFile other{.file = "BitLocker Recovery Key 0000AAAA.TXT", .where = "USB stick"};
    other.credential.kind = Credential::Kind::recovery_password;
    other.credential.key_id = *KeyId::parse("0000AAAA-0000-4000-8000-000000000000");  // another computer's
    r.backend.keys = {other, bek};
    r.start();
    CHECK(r.shows("key file found"));
    r.enter();
    CHECK(r.shows("[Key files (1)]"));
    CHECK(r.shows("> Startup key (.BEK) 5B9AD5B3-... found in\n     5B9AD5B3-1B2F-4E6C-9D1B-6C6A10C0E1F1.BEK on USB stick SanDisk Cruzer"));
    CHECK(!r.shows("0000AAAA"));
    CHECK(r.message() == "A key file for this drive was found. Press Enter to use it.");
    r.enter();
    REQUIRE(r.ctl.screen() == Controller::Screen::unlocked);
    CHECK(r.shows("The drive is unlocked with the key in\n 5B9AD5B3-1B2F-4E6C-9D1B-6C6A10C0E1F1.BEK."));
}

TEST_CASE("a key file without a key ID is offered as one that may fit", "[tui][controller]") {
    Rig r;
    FoundKeyFile bare{.file = "keys.txt", .where = "USB stick"};
    bare.credential.kind = Credential::Kind::recovery_password;
    bare.credential.secret = RecoveryPassword::parse(kSystemKey)->key();
    r.backend.keys = {bare};
    r.open_system_volume();
    CHECK(r.shows("> Recovery key (ID not known) found in keys.txt on USB stick"));
    CHECK(r.message() == "A key file that may fit this drive was found (it names no key ID). Press Enter to try it.");
    r.enter();
    CHECK(r.ctl.screen() == Controller::Screen::unlocked);
}

TEST_CASE("digits can be hidden while typing", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    r.type("235818");
    r.type("*");
    CHECK(!r.shows("235818"));
    CHECK(r.shows("[******]"));
    CHECK(r.ctl.wants_secret());
    r.press(Key::fn(12));
    CHECK(r.shows("[235818]"));
}

TEST_CASE("checking a key with no drive: well-formed, or the mistyped group and likely fixes", "[tui][controller]") {
    Rig r;
    r.start();
    r.type("k");
    CHECK(r.shows("Check a recovery key"));
    r.type(kDataKey);
    r.enter();
    CHECK(r.message() == "This key is well-formed: all 8 groups pass their check.");
    r.esc();
    r.type("k");
    r.type("042647-302313-590485-071500-554323-116567-412181-516978");
    r.enter();
    CHECK(r.shows("This key is mistyped"));
    CHECK(r.shows("Group 3 (590485) fails its check digit"));
    CHECK(r.shows("group 3: 590485 -> 590458 (digits 5 and 6 swapped)"));
    CHECK(r.backend.unlock_attempts == 0);
}

TEST_CASE("Esc goes back: key screen to drives, unlocked screen to drives", "[tui][controller]") {
    Rig r;
    r.open_system_volume();
    r.type("2358");
    r.esc();
    CHECK(r.ctl.screen() == Controller::Screen::volumes);
    r.enter();
    CHECK(r.shows("[______]-[______]"));  // the digits were wiped, not kept
    r.type(kSystemKey);
    r.enter();
    r.esc();
    CHECK(r.ctl.screen() == Controller::Screen::volumes);
    CHECK(r.shows("DESKTOP-B8H4DIM C: 3/21/2024, unlocked"));
    r.enter();  // already unlocked: straight back to what to do
    CHECK(r.ctl.screen() == Controller::Screen::unlocked);
}

TEST_CASE("the log records what was done but never a key, a password or a typed digit", "[tui][controller]") {
    Rig r;
    auto& info = *r.backend.drives[2].bitlocker;
    info.protectors.push_back({.type = ProtectorType::password, .key_id = *KeyId::parse("3E55195C-8811-4D9B-97B4-2B9E5F8F5384")});
    r.backend.passwords["/dev/nvme0n1p3"] = "s3cret-Pass";
    r.open_system_volume();
    r.type(kDataKey);
    r.enter();  // wrong key
    r.press(Key::of(Key::Kind::escape));
    r.enter();
    r.type("235818-357951-253997-013365-241120-245575-342914-591910");
    r.enter();  // corrected
    r.esc();
    std::string log = r.log_text();
    CHECK(log.find("chose /dev/nvme0n1p3") != std::string::npos);
    CHECK(log.find("did not open the drive") != std::string::npos);
    CHECK(log.find("unlocked /dev/nvme0n1p3") != std::string::npos);
    for (const char* key : {kSystemKey, kDataKey})
        for (int g = 0; g < 8; ++g) CHECK(log.find(std::string(key).substr(static_cast<std::size_t>(g) * 7, 6)) == std::string::npos);
    CHECK(log.find("253997") == std::string::npos);
    CHECK(log.find("s3cret") == std::string::npos);
}
