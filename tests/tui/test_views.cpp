// Every screen rendered into a fixed 80x24 canvas (and 60x20 for "too small"), compared with the exact
// expected text. These catch layout regressions and prove nothing depends on colour alone.
#include <catch2/catch.hpp>

#include "screen_text.hpp"

using namespace bde::tui;
using namespace bde::tui::test;

namespace {

FrameModel frame(int step, std::string heading, std::vector<KeyHint> keys, std::string message = {}) {
    return {.step = step, .heading = std::move(heading), .message = std::move(message), .keys = std::move(keys)};
}

VolumesModel sample_volumes() {
    VolumesModel m;
    m.bitlocker = {{.device = "nvme0n1p3",
                    .size = "256.1 GB (238.5 GiB)",
                    .model = "Samsung SSD 980 PRO 500GB",
                    .details = "DESKTOP-B8H4DIM C: 3/21/2024, locked, key ID 1F9DA098, key file found"},
                   {.device = "sda2",
                    .size = "1.0 TB (931.5 GiB)",
                    .model = "WDC WD10EZEX-08W",
                    .details = "DESKTOP-B8H4DIM D: 3/21/2024, unlocked, key ID 64311DEA",
                    .tone = Tone::good}};
    m.others = {{.device = "sdb1", .size = "16.0 GB (14.9 GiB)", .model = "SanDisk Cruzer", .details = "FAT32 \"KEYS\""}};
    m.selected = 0;
    m.notices = {"1 key file found on the connected drives."};
    return m;
}

KeyModel sample_key() {
    KeyModel m;
    m.intro = "This drive is locked. Type its 48-digit BitLocker recovery key.";
    m.key_ids = {"1F9DA098-74C7-4E90-8FA2-1F6A2E2B4E0C"};
    m.ways = {{"Key files (1)", false}, {"Recovery key", true}, {"Password", false}};
    m.mode = KeyMode::recovery_key;
    using S = RecoveryKeyEntry::GroupState;
    m.groups = {{{"042647", S::valid},
                 {"302313", S::valid},
                 {"590485", S::invalid},
                 {"07", S::partial},
                 {"", S::empty},
                 {"", S::empty},
                 {"", S::empty},
                 {"", S::empty}}};
    m.active_group = 3;
    m.hints = {"Where to find the recovery key:",
               "* Microsoft account: on a phone or another PC, sign in at aka.ms/myrecoverykey", "",
               "Digits are shown: press F12 or * to hide them."};
    return m;
}

}  // namespace

TEST_CASE("volumes screen lists BitLocker volumes first, two lines each, then other drives", "[tui][view]") {
    ScreenSnapshot s{frame(1, "Choose the drive to rescue",
                           {{"Enter", "Open"}, {"F5/r", "Rescan"}, {"q", "Quit"}, {"?", "Help"}}),
                     sample_volumes()};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 [1 Drive] > 2 Unlock > 3 Files > 4 Save to > 5 Copy
 Choose the drive to rescue
--------------------------------------------------------------------------------
 BitLocker drives: choose the one to rescue and press Enter.
 > nvme0n1p3  256.1 GB (238.5 GiB)   Samsung SSD 980 PRO 500GB
     DESKTOP-B8H4DIM C: 3/21/2024, locked, key ID 1F9DA098, key file found
   sda2       1.0 TB (931.5 GiB)     WDC WD10EZEX-08W
     DESKTOP-B8H4DIM D: 3/21/2024, unlocked, key ID 64311DEA

 Other drives (they can hold key files or receive the copies):
   sdb1       16.0 GB (14.9 GiB)     FAT32 "KEYS", SanDisk Cruzer

 1 key file found on the connected drives.








--------------------------------------------------------------------------------

Enter Open  F5/r Rescan  q Quit  ? Help
)")));
}

TEST_CASE("key screen marks a mistyped group with ! and 'wrong', not only by colour", "[tui][view]") {
    ScreenSnapshot s{frame(2, "Unlock DESKTOP-B8H4DIM C: 3/21/2024 (nvme0n1p3, 256.1 GB)",
                           {{"Enter", "Unlock"}, {"Bksp", "Erase"}, {"F12/*", "Hide digits"}, {"Tab", "Other ways"},
                            {"Esc", "Back"}},
                           "Group 3 is mistyped: a digit is wrong. Check it against your key."),
                     sample_key()};
    TextCanvas c(24, 80, Glyphs::ascii());
    render(c, s);
    CHECK(same_screen(c.text(), golden(R"(
 BDE Rescue                 1 Drive > [2 Unlock] > 3 Files > 4 Save to > 5 Copy
 Unlock DESKTOP-B8H4DIM C: 3/21/2024 (nvme0n1p3, 256.1 GB)
--------------------------------------------------------------------------------
 This drive is locked. Type its 48-digit BitLocker recovery key.

 Recovery key ID:  1F9DA098-74C7-4E90-8FA2-1F6A2E2B4E0C
                   (Windows shows the first 8 characters: 1F9DA098)

 Ways to unlock:  Key files (1)  [Recovery key]  Password

       1        2        3        4        5        6        7        8
   [042647]-[302313]-!590485!-[07____]-[______]-[______]-[______]-[______]
                      wrong    ^^^^^^

 Where to find the recovery key:
 * Microsoft account: on a phone or another PC, sign in at aka.ms/myrecoverykey

 Digits are shown: press F12 or * to hide them.



--------------------------------------------------------------------------------
 Group 3 is mistyped: a digit is wrong. Check it against your key.
Enter Unlock  Bksp Erase  F12/* Hide digits  Tab Other ways  Esc Back
)")));
    // The bad group is also in reverse video, and the cursor sits in the box being typed.
    CHECK(c.at(11, 21).attr.reverse);
    REQUIRE(c.cursor);
    CHECK(*c.cursor == std::make_pair(11, 33));  // after "07" in box 4
}

TEST_CASE("key screen can hide the typed digits", "[tui][view]") {
    KeyModel m = sample_key();
    m.hidden = true;
    ScreenSnapshot s{frame(2, "Unlock", {}), m};
    std::string text = screen_text(s);
    CHECK(text.find("[******]-[******]-!******!-[**____]") != std::string::npos);
    CHECK(text.find("042647") == std::string::npos);
    CHECK(screen_text(s, 24, 80, Glyphs::utf8()).find("[••••••]") != std::string::npos);
}

TEST_CASE("key screen in password mode shows only mask characters", "[tui][view]") {
    KeyModel m = sample_key();
    m.mode = KeyMode::password;
    m.intro = "This drive is locked with a password. Type it and press Enter.";
    m.ways = {{"Recovery key", false}, {"Password", true}};
    m.password_length = 8;
    ScreenSnapshot s{frame(2, "Unlock", {{"Enter", "Unlock"}, {"Esc", "Back"}}), m};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 1 Drive > [2 Unlock] > 3 Files > 4 Save to > 5 Copy
 Unlock
--------------------------------------------------------------------------------
 This drive is locked with a password. Type it and press Enter.

 Recovery key ID:  1F9DA098-74C7-4E90-8FA2-1F6A2E2B4E0C
                   (Windows shows the first 8 characters: 1F9DA098)

 Ways to unlock:  Recovery key  [Password]

 Password:  [********                                          ]

 Passwords are case-sensitive: check Caps Lock and the keyboard layout.








--------------------------------------------------------------------------------

Enter Unlock  Esc Back
)")));
}

TEST_CASE("key screen lists key files found, the selected one marked, long ones on three lines", "[tui][view]") {
    KeyModel m = sample_key();
    m.mode = KeyMode::found_key;
    m.intro = "Key files found on the connected drives. Choose one and press Enter.";
    m.ways = {{"Key files (2)", true}, {"Recovery key", false}};
    m.choices = {"Recovery key 1F9DA098-... found in BitLocker Recovery Key 1F9DA098-74C7-4E90-8FA2-1F6A2E2B4E0C.TXT "
                 "on USB stick SanDisk Cruzer (/dev/sdb1)",
                 "Recovery key (ID not known) found in keys.txt on USB stick SanDisk Cruzer (/dev/sdb1)"};
    m.choice_selected = 1;
    ScreenSnapshot s{frame(2, "Unlock", {{"Enter", "Use this key"}}), m};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 1 Drive > [2 Unlock] > 3 Files > 4 Save to > 5 Copy
 Unlock
--------------------------------------------------------------------------------
 Key files found on the connected drives. Choose one and press Enter.

 Recovery key ID:  1F9DA098-74C7-4E90-8FA2-1F6A2E2B4E0C
                   (Windows shows the first 8 characters: 1F9DA098)

 Ways to unlock: [Key files (2)]  Recovery key

   Recovery key 1F9DA098-... found in BitLocker Recovery Key
     1F9DA098-74C7-4E90-8FA2-1F6A2E2B4E0C.TXT on USB stick SanDisk Cruzer
     (/dev/sdb1)
 > Recovery key (ID not known) found in keys.txt on USB stick SanDisk Cruzer
     (/dev/sdb1)






--------------------------------------------------------------------------------

Enter Use this key
)")));
}

TEST_CASE("unlocked screen: status and the things to do", "[tui][view]") {
    MenuModel m{.status = {"The drive is unlocked with the recovery key you typed, after correcting a typo.",
                           "Your key had a typo. This correction opened the drive: group 3: 590485 -> 590458 (digits 5 "
                           "and 6 swapped).",
                           "Nothing will be written to it: it is only read."},
                .items = {{"Copy files to another drive", "Choose folders, then where to save them."},
                          {"Make a full decrypted image", "Every sector into one file."},
                          {"Show this drive's recovery key", "Write it down."}},
                .selected = 1};
    ScreenSnapshot s{frame(3, "Unlocked: DESKTOP-B8H4DIM C: 3/21/2024 (nvme0n1p3, 256.1 GB)",
                           {{"Enter", "Choose"}, {"Esc", "Drives"}}),
                     m};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 1 Drive > 2 Unlock > [3 Files] > 4 Save to > 5 Copy
 Unlocked: DESKTOP-B8H4DIM C: 3/21/2024 (nvme0n1p3, 256.1 GB)
--------------------------------------------------------------------------------
 The drive is unlocked with the recovery key you typed, after correcting a
 typo.
 Your key had a typo. This correction opened the drive: group 3: 590485 ->
 590458 (digits 5 and 6 swapped).
 Nothing will be written to it: it is only read.

   1  Copy files to another drive
      Choose folders, then where to save them.

 > 2  Make a full decrypted image
      Every sector into one file.

   3  Show this drive's recovery key
      Write it down.




--------------------------------------------------------------------------------

Enter Choose  Esc Drives
)")));
}

TEST_CASE("browse screen: a tree with marks, sizes and the marked summary", "[tui][view]") {
    BrowseModel m;
    m.rows = {{.depth = 0, .is_dir = true, .name = "Program Files"},
              {.depth = 0, .is_dir = true, .expanded = true, .mark = '~', .name = "Users"},
              {.depth = 1, .is_dir = true, .expanded = true, .mark = '~', .name = "anna"},
              {.depth = 2, .is_dir = true, .mark = 'x', .name = "Documents"},
              {.depth = 2, .is_dir = true, .name = "Downloads"},
              {.depth = 2, .is_dir = false, .name = "NTUSER.DAT", .size = "3.1 MB"},
              {.depth = 0, .is_dir = false, .name = "pagefile.sys", .size = "8.6 GB"}};
    m.selected = 3;
    m.summary = "Marked: Users\\anna\\Documents";
    ScreenSnapshot s{frame(3, "Choose what to copy", {{"Space", "Mark"}, {"F2/n", "Next"}}), m};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 1 Drive > 2 Unlock > [3 Files] > 4 Save to > 5 Copy
 Choose what to copy
--------------------------------------------------------------------------------
 Mark what to copy with Space. Enter or Right opens a folder, Left closes it.

   [ ] + Program Files\
   [~] - Users\
   [~]   - anna\
 > [x]     + Documents\
   [ ]     + Downloads\
   [ ]       NTUSER.DAT                                                  3.1 MB
   [ ]   pagefile.sys                                                    8.6 GB








 Marked: Users\anna\Documents
--------------------------------------------------------------------------------

Space Mark  F2/n Next
)")));
}

TEST_CASE("destination screen: free space, file system, and drives that cannot be used", "[tui][view]") {
    DestinationModel m;
    m.intro = "Choose the drive to save to. Plug in a USB disk now if it is not listed, then press r.";
    m.lines = {{.device = "sdc1", .free = "1.8 TB free of 2.0 TB", .details = "exFAT \"BACKUP\", WD Elements"},
               {.device = "sdb1",
                .free = "14.2 GB free of 16.0 GB",
                .details = "FAT32 \"KEYS\"",
                .note = "FAT32: files larger than 4 GiB cannot be stored on it."},
               {.device = "nvme0n1p4",
                .free = "20.1 GB free of 21.0 GB",
                .details = "NTFS",
                .note = "On the disk being rescued: never written to.",
                .usable = false}};
    m.selected = 0;
    m.folder = "A new folder is made on that drive: DESKTOP-B8H4DIM 2026-11-05";
    ScreenSnapshot s{frame(4, "Where should the copies go?", {{"Enter", "Choose"}, {"Esc", "Back"}}), m};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 1 Drive > 2 Unlock > 3 Files > [4 Save to] > 5 Copy
 Where should the copies go?
--------------------------------------------------------------------------------
 Choose the drive to save to. Plug in a USB disk now if it is not listed, then
 press r.

 > sdc1         1.8 TB free of 2.0 TB      exFAT "BACKUP", WD Elements

   sdb1         14.2 GB free of 16.0 GB    FAT32 "KEYS"
     FAT32: files larger than 4 GiB cannot be stored on it.
   nvme0n1p4    20.1 GB free of 21.0 GB    NTFS
     On the disk being rescued: never written to.








 A new folder is made on that drive: DESKTOP-B8H4DIM 2026-11-05
--------------------------------------------------------------------------------

Enter Choose  Esc Back
)")));
}

TEST_CASE("destination screen: a long image file name widens its column instead of being cut", "[tui][view]") {
    DestinationModel m;
    m.intro = "Choose the drive to save to.";
    m.lines = {{.device = "demo-backup.img", .free = "167.3 MB free of 167.8 MB", .details = "NTFS \"BACKUP\", Image file"},
               {.device = "demo-disk.img, partition 1",
                .free = "16.7 MB free of 16.8 MB",
                .details = "FAT32 \"SYSTEM\", Image file",
                .note = "On the disk being rescued: never written to.",
                .usable = false}};
    m.folder = "A new folder is made on that drive: DEMO-LAPTOP 2026-11-25";
    ScreenSnapshot s{frame(4, "Where should the copies go?", {{"Enter", "Choose"}, {"Esc", "Back"}}), m};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 1 Drive > 2 Unlock > 3 Files > [4 Save to] > 5 Copy
 Where should the copies go?
--------------------------------------------------------------------------------
 Choose the drive to save to.

 > demo-backup.img            167.3 MB free of 167.8 MB  NTFS "BACKUP", Imag...

   demo-disk.img, partition 1 16.7 MB free of 16.8 MB    FAT32 "SYSTEM", Ima...
     On the disk being rescued: never written to.











 A new folder is made on that drive: DEMO-LAPTOP 2026-11-25
--------------------------------------------------------------------------------

Enter Choose  Esc Back
)")));
}

TEST_CASE("confirm screen: facts, warnings, and No selected", "[tui][view]") {
    ConfirmModel m{.facts = {{"From:", "DESKTOP-B8H4DIM C: 3/21/2024 (nvme0n1p3, 256.1 GB)"},
                             {"What:", "Users\\anna\\Documents, Users\\anna\\Pictures"},
                             {"Size:", "12,345 files, 45.6 GB"},
                             {"To:", "sdb1 \"KEYS\" (FAT32), folder DESKTOP-B8H4DIM 2026-11-05"},
                             {"Free:", "14.2 GB on that drive"}},
                   .warnings = {"Not enough free space: 45.6 GB needed, 14.2 GB free. It will stop when the drive is "
                                "full; mark less or choose a larger drive.",
                                "FAT32: 2 files larger than 4 GiB (9.1 GB) cannot be stored there and will be skipped."},
                   .reassurance = "Nothing is written to the encrypted drive.",
                   .question = "Start copying?",
                   .buttons = {{"No", 'n'}, {"Yes, start", 'y'}},
                   .selected = 0};
    ScreenSnapshot s{frame(5, "Ready to copy", {{"y", "Start"}, {"n/Esc", "Back"}}), m};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 1 Drive > 2 Unlock > 3 Files > 4 Save to > [5 Copy]
 Ready to copy
--------------------------------------------------------------------------------
 From:      DESKTOP-B8H4DIM C: 3/21/2024 (nvme0n1p3, 256.1 GB)
 What:      Users\anna\Documents, Users\anna\Pictures
 Size:      12,345 files, 45.6 GB
 To:        sdb1 "KEYS" (FAT32), folder DESKTOP-B8H4DIM 2026-11-05
 Free:      14.2 GB on that drive

 ! Not enough free space: 45.6 GB needed, 14.2 GB free. It will stop when the
   drive is full; mark less or choose a larger drive.
 ! FAT32: 2 files larger than 4 GiB (9.1 GB) cannot be stored there and will
   be skipped.

 Nothing is written to the encrypted drive.




 Start copying?  >[ No (n) ]  [ Yes, start (y) ]

--------------------------------------------------------------------------------

y Start  n/Esc Back
)")));
}

TEST_CASE("progress screen: two bars, numbers, problems and a stalled warning", "[tui][view]") {
    ProgressModel m{.what = "To sdc1 \"BACKUP\" (exFAT), folder DESKTOP-B8H4DIM 2026-11-05",
                    .total = 0.34,
                    .total_lines = {"15.4 GB of 45.6 GB", "4,120 of 12,345 files", "85.2 MB/s, about 5 min 54 s left"},
                    .has_current = true,
                    .current = 0.6,
                    .current_file = "Users\\anna\\Videos\\holiday.mp4",
                    .current_line = "1.2 GB of 2.0 GB",
                    .problems = "Problems so far: 2 files could not be read (they will be listed in the report).",
                    .problems_tone = Tone::warn,
                    .state = {"STALLED: no progress for 14 s.",
                              "The disk may be retrying a damaged area; this can take minutes."},
                    .state_tone = Tone::bad};
    ScreenSnapshot s{frame(5, "Copying files", {{"p", "Pause"}, {"x/Esc", "Stop"}}), m};
    TextCanvas c(24, 80, Glyphs::ascii());
    render(c, s);
    CHECK(same_screen(c.text(), golden(R"(
 BDE Rescue                 1 Drive > 2 Unlock > 3 Files > 4 Save to > [5 Copy]
 Copying files
--------------------------------------------------------------------------------
 To sdc1 "BACKUP" (exFAT), folder DESKTOP-B8H4DIM 2026-11-05

 All          [###################.......................................]  34%
               15.4 GB of 45.6 GB
               4,120 of 12,345 files
               85.2 MB/s, about 5 min 54 s left

 This file    [##################################........................]  60%
               Users\anna\Videos\holiday.mp4
               1.2 GB of 2.0 GB

 Problems so far: 2 files could not be read (they will be listed in the
 report).

 STALLED: no progress for 14 s.
 The disk may be retrying a damaged area; this can take minutes.


--------------------------------------------------------------------------------

p Pause  x/Esc Stop
)")));
    CHECK(c.at(17, 1).attr.reverse);  // STALLED stands out even without colour
}

TEST_CASE("done screen: numbers, where things are, what next", "[tui][view]") {
    DoneModel m{.headline = "Finished, but 2 files could not be read.",
                .tone = Tone::warn,
                .facts = {{"Copied:", "12,343 files (45.5 GB)"},
                          {"Skipped:", "0 files"},
                          {"Failed:", "2 files"},
                          {"Saved in:", "/media/backup/DESKTOP-B8H4DIM 2026-11-05"},
                          {"Report:", "/media/backup/DESKTOP-B8H4DIM 2026-11-05/report.txt"}},
                .next = {"Open a few of the copied files on another computer to check them.",
                         "Power off (p) before unplugging the drive with the copies."}};
    ScreenSnapshot s{frame(5, "Finished", {{"Enter", "Copy more"}, {"p", "Power off"}}), m};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 1 Drive > 2 Unlock > 3 Files > 4 Save to > [5 Copy]
 Finished
--------------------------------------------------------------------------------
 Finished, but 2 files could not be read.

   Copied:     12,343 files (45.5 GB)
   Skipped:    0 files
   Failed:     2 files
   Saved in:   /media/backup/DESKTOP-B8H4DIM 2026-11-05
   Report:     /media/backup/DESKTOP-B8H4DIM 2026-11-05/report.txt

 What next:
   * Open a few of the copied files on another computer to check them.
   * Power off (p) before unplugging the drive with the copies.







--------------------------------------------------------------------------------

Enter Copy more  p Power off
)")));
}

TEST_CASE("a dialog over a screen: the file that cannot be read", "[tui][view]") {
    ScreenSnapshot s{frame(5, "Copying files", {{"Left/Right", "Choose"}, {"Enter", "Confirm"}}), ProgressModel{},
                     DialogModel{.title = "A file cannot be read",
                                 .lines = {"Users\\anna\\Pictures\\IMG_0042.JPG",
                                           "The disk could not read part of this file."},
                                 .buttons = {{"Retry", 'r'}, {"Skip", 's'}, {"Skip all", 'a'}, {"Abort", 'x'}},
                                 .selected = 1,
                                 .tone = Tone::bad}};
    CHECK(same_screen(screen_text(s), golden(R"(
 BDE Rescue                 1 Drive > 2 Unlock > 3 Files > 4 Save to > [5 Copy]
 Copying files
--------------------------------------------------------------------------------


 All          [..........................................................]   0%


       +- A file cannot be read ----------------------------------------+
       |                                                                |
       | Users\anna\Pictures\IMG_0042.JPG                               |
       | The disk could not read part of this file.                     |
       |                                                                |
       |  [ Retry (r) ] >[ Skip (s) ]  [ Skip all (a) ]  [ Abort (x) ]  |
       +----------------------------------------------------------------+






--------------------------------------------------------------------------------

Left/Right Choose  Enter Confirm
)")));
}

TEST_CASE("a message longer than the line takes the rule above it instead of losing its end", "[tui][view]") {
    DoneModel m;
    m.headline = "It stopped.";
    ScreenSnapshot s{frame(5, "Finished", {{"Enter", "Copy more"}},
                           "/dev/sdc1 cannot be opened for writing. Choose another drive. (ntfs-3g: the volume is "
                           "hibernated, Windows Fast Startup left it open.)"),
                     m};
    std::string text = screen_text(s);
    CHECK(text.find(" /dev/sdc1 cannot be opened for writing. Choose another drive. (ntfs-3g: the\n"
                    " volume is hibernated, Windows Fast Startup left it open.)\n"
                    "Enter Copy more") != std::string::npos);
    // A short one keeps the rule.
    ScreenSnapshot short_one{frame(5, "Finished", {{"Enter", "Copy more"}}, "Not started."), m};
    CHECK(screen_text(short_one).find("--------\n Not started.\n") != std::string::npos);
}

TEST_CASE("below 80x24 the screen says it is too small", "[tui][view]") {
    ScreenSnapshot s{frame(1, "Choose the drive to rescue", {{"q", "Quit"}}), sample_volumes()};
    CHECK(same_screen(screen_text(s, 20, 60), golden(R"(







                      Window too small
                   This screen is 60x20.
              BDE Rescue needs at least 80x24.
                   Make the window larger
                 (or press Ctrl-C to quit).
)")));
    CHECK(screen_text(s, 23, 80).find("Window too small") != std::string::npos);
    CHECK(screen_text(s, 24, 79).find("Window too small") != std::string::npos);
    CHECK(screen_text(s, 24, 80).find("Window too small") == std::string::npos);
}

TEST_CASE("UTF-8 terminals get box drawing, ASCII terminals plain characters", "[tui][view]") {
    ScreenSnapshot s{frame(1, "Choose the drive to rescue", {}), sample_volumes()};
    std::string utf8 = screen_text(s, 24, 80, Glyphs::utf8());
    std::string ascii = screen_text(s, 24, 80, Glyphs::ascii());
    CHECK(utf8.find("────") != std::string::npos);
    CHECK(utf8.find("1 Drive › 2 Unlock") == std::string::npos);  // the current step is bracketed instead
    CHECK(utf8.find("[1 Drive] › 2 Unlock") != std::string::npos);
    for (unsigned char c : ascii) CHECK(c < 0x80);
}
