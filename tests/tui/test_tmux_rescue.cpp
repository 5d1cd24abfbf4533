// The whole rescue in the real program, in an 80x24 terminal: a generated BitLocker volume holding a
// Windows profile, its recovery-key .TXT found on a "stick" folder, the personal folders chosen with the
// preset, an NTFS drive (image) as destination; then the copies are compared with the original files.
#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>
#include <functional>
#include <fstream>

#include "fs_images.hpp"
#include "run_cli.hpp"
#include "tmux_session.hpp"

using namespace bde::tui::test;
using namespace std::chrono_literals;

namespace {

std::string today() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return buf;
}

void run_ok(const std::vector<std::string>& argv) {
    auto r = bde::test::run_program(argv);
    INFO(argv[0] << ": " << r.out << r.err);
    REQUIRE(r.exit_code == 0);
}

// Files of a mounted NTFS image below the given folders, by path.
std::map<std::string, std::string> files_below(const std::string& root, const std::vector<std::string>& folders) {
    std::map<std::string, std::string> out;
    for (const auto& [path, hash] : bde::test::hash_tree(root))
        for (const auto& f : folders)
            if (path.rfind(f + "/", 0) == 0) out[path] = hash;
    return out;
}

using WaitFor = std::function<bool(const std::string& text, std::chrono::milliseconds timeout)>;

// From the unlocked drive's menu to the copy confirmation: the personal folders of its one user (preset u),
// the first drive offered to save to.
void confirm_personal_folders(TmuxSession& s, const WaitFor& wait) {
    s.keys({"Enter"});
    REQUIRE(wait("Mark what to copy with Space", 30s));
    s.keys({"u"});
    REQUIRE(wait("Marked Desktop, Documents, Pictures, Videos, Music, Downloads of", 30s));
    s.keys({"n"});
    REQUIRE(wait("Where should the copies go?", 30s));
    s.keys({"Enter"});
    REQUIRE(wait("Start copying?  >[ No (n) ]", 30s));
}

// Where bderescue finds the recovery-key .TXT: a folder given with --keys, the BACKUP drive, or the
// BDE Rescue stick's partition (BDERESCUE_STICK_DIR; the log then goes there too).
enum class KeysAt { keys_option, drive, stick };

// A generated BitLocker volume (NTFS, user anna) with its recovery-key .TXT in vol/stick, and an empty
// NTFS drive image "BACKUP" to save to; and bderescue started on both in tmux, unlocked with the key file.
struct Rescue {
    bde::test::MountScratchDir dir;
    std::string dest = dir / "backup.img";
    std::unique_ptr<TmuxSession> session;

    // bashrc_sets_prompt: the shell is bash with a home whose .bashrc sets its own prompt, as root's often does.
    enum class Home { inherited, bashrc_sets_prompt };

    explicit Rescue(KeysAt keys_at = KeysAt::keys_option, Home home = Home::inherited) {
        const char* build = std::getenv("BDERESCUE_BUILD_DIR");
        std::string bdegen = std::string(build ? build : BDERESCUE_BINARY_DIR) + "/bdegen";
        REQUIRE(std::filesystem::exists(bdegen));  // built with everything (ninja -C build), not with tui_tests alone
        auto gen = bde::test::run_program({"env", "BDEGEN=" + bdegen, BDERESCUE_SOURCE_DIR "/tools/make-test-volume.sh",
                                           "--fs", "ntfs", "--size", "64M", "--user", "anna", dir / "vol"});
        INFO(gen.out << gen.err);
        REQUIRE(gen.exit_code == 0);
        run_ok({"truncate", "-s", "256M", dest});
        run_ok({"mkntfs", "-F", "-Q", "-L", "BACKUP", dest});
        std::string key_option = " --keys " + shell_quote(dir / "vol/stick");
        std::string env = "env LANG=C.UTF-8 BDERESCUE_RUNTIME_DIR=" + shell_quote(dir / "run");
        std::string log_option = " --log-dir " + shell_quote(dir / "logs");
        if (keys_at == KeysAt::stick) {
            env = "env -u BDERESCUE_LOG_DIR BDERESCUE_STICK_DIR=" + shell_quote(dir / "vol/stick") + env.substr(3);
            key_option.clear();
            log_option.clear();
        }
        if (home == Home::bashrc_sets_prompt) {
            std::filesystem::create_directories(dir / "home");
            std::ofstream(dir / "home/.bashrc") << "PS1='bashrc-prompt\\$ '\n";
            env += " SHELL=/bin/bash HOME=" + shell_quote(dir / "home");
        }
        if (keys_at == KeysAt::drive) {
            std::string root = dir / "fill";
            std::filesystem::create_directories(root);
            run_ok({"ntfs-3g", dest, root});
            for (const auto& f : std::filesystem::directory_iterator(dir / "vol/stick"))
                std::filesystem::copy(f.path(), root + "/" + f.path().filename().string());
            run_ok({"umount", root});
            key_option.clear();
        }
        session = std::make_unique<TmuxSession>(env + " " + shell_quote(bde::test::bderescue_path()) + " tui " +
                                                shell_quote(dir / "vol/volume.img") + " " + shell_quote(dest) + key_option +
                                                log_option + "; echo EXITED-$?; sleep 600");
        REQUIRE(wait("DESKTOP-BDEGEN C:"));
        REQUIRE(wait("key file found"));
        keys({"Enter"});
        REQUIRE(wait("A key file for this drive was found. Press Enter to use it."));
        if (keys_at == KeysAt::drive) CHECK(wait("on Image file \"BACKUP\""));
        if (keys_at == KeysAt::stick) CHECK(wait("on the BDE Rescue stick"));
        keys({"Enter"});
        REQUIRE(wait("The drive is unlocked with the key in", 90s));
    }
    bool wait(const std::string& text, std::chrono::milliseconds timeout = 30s) {
        bool ok = session->wait_for(text, timeout);
        if (!ok) WARN("waited for \"" << text << "\"; the screen:\n" << session->capture());
        return ok;
    }
    void keys(const std::vector<std::string>& k) { session->keys(k); }
    void quit() {
        keys({"q"});
        keys({"y"});
        REQUIRE(wait("EXITED-0"));
        session.reset();
    }
    // The destination image mounted read-only under dir/dest (unmounted by MountScratchDir).
    std::string open_destination() {
        std::string root = dir / "dest";
        std::filesystem::create_directories(root);
        run_ok({"ntfs-3g", "-o", "ro", dest, root});
        return root;
    }
};

}  // namespace

TEST_CASE("the whole rescue: found key, personal folders, copied to another drive and identical", "[tui][tmux][rescue]") {
    Rescue r;
    {
        auto& s = *r.session;
        auto wait = [&](const std::string& text, std::chrono::milliseconds timeout = 30s) { return r.wait(text, timeout); };
        confirm_personal_folders(s, wait);
        CHECK(wait("Users\\anna\\Desktop, Users\\anna\\Documents"));
        CHECK(wait("\"BACKUP\" (NTFS), folder DESKTOP-BDEGEN " + today()));
        s.keys({"y"});
        REQUIRE(wait("Your files are copied.", 120s));
        CHECK(wait("Failed:     0 files"));
        CHECK(wait("bderescue-report.txt in that folder"));
    }
    r.quit();
    // Nothing of ours stays mounted, and the copies are the original files.
    CHECK(bde::test::mounts_below(r.dir / "run").empty());
    std::string plain_root = r.dir / "plain";
    std::filesystem::create_directories(plain_root);
    run_ok({"ntfs-3g", "-o", "ro", r.dir / "vol/plain.img", plain_root});
    std::string dest_root = r.open_destination();
    std::vector<std::string> folders;
    for (const char* f : {"Desktop", "Documents", "Pictures", "Videos", "Music", "Downloads"})
        folders.push_back(std::string("Users/anna/") + f);
    auto original = files_below(plain_root, folders);
    auto copied = bde::test::copied_tree(dest_root + "/DESKTOP-BDEGEN " + today());
    REQUIRE(!original.empty());
    CHECK(copied == original);
    CHECK(std::filesystem::exists(dest_root + "/DESKTOP-BDEGEN " + today() + "/bderescue-report.txt"));
}

TEST_CASE("a key file found on another drive opens the volume, and a full decrypted image goes there",
          "[tui][tmux][rescue]") {
    Rescue r(KeysAt::drive);
    r.keys({"2"});
    REQUIRE(r.wait("Where should the image go?"));
    r.keys({"Enter"});
    REQUIRE(r.wait("Start writing the image?"));
    r.keys({"y"});
    REQUIRE(r.wait("The image is written.", 120s));
    CHECK(r.wait("Image:      volume.img-decrypted.img"));
    r.quit();
    CHECK(bde::test::mounts_below(r.dir / "run").empty());
    std::string folder = r.open_destination() + "/DESKTOP-BDEGEN " + today();
    REQUIRE(std::filesystem::exists(folder + "/volume.img-decrypted.img"));
    CHECK(std::filesystem::file_size(folder + "/volume.img-decrypted.img") == 64u * 1024 * 1024);
    // The decrypted image holds the NTFS file system the volume was made from.
    auto probe = bde::test::run_program({"ntfsls", "-p", "/Users/anna", folder + "/volume.img-decrypted.img"});
    CHECK(probe.out.find("Documents") != std::string::npos);
}

TEST_CASE("the key file and the log on the stick, and copying again into today's folder keeps what is there",
          "[tui][tmux][rescue]") {
    Rescue r(KeysAt::stick);
    WaitFor wait = [&](const std::string& text, std::chrono::milliseconds timeout) { return r.wait(text, timeout); };
    confirm_personal_folders(*r.session, wait);
    CHECK(r.wait("everything goes into the new folder"));
    r.keys({"y"});
    REQUIRE(r.wait("Your files are copied.", 120s));
    r.keys({"Enter"});  // "Copy more": back to the unlocked drive
    REQUIRE(r.wait("Copy files to another drive"));
    confirm_personal_folders(*r.session, wait);
    CHECK(r.wait("is already on that drive, from an"));
    r.keys({"y"});
    REQUIRE(r.wait("Nothing new to copy", 120s));
    CHECK(r.wait("Already there:"));
    CHECK(r.wait("Copied:        0 files"));
    r.quit();
    // The log of actions went to the stick's logs folder, and names no key.
    std::string log_text;
    for (const auto& f : std::filesystem::directory_iterator(r.dir / "vol/stick/logs")) {
        std::ifstream in(f.path());
        log_text.append(std::istreambuf_iterator<char>(in), {});
    }
    CHECK(log_text.find("copy started") != std::string::npos);
    CHECK(log_text.find("already there") != std::string::npos);
    std::ifstream keys_json(r.dir / "vol/keys.json");
    std::string keys_text((std::istreambuf_iterator<char>(keys_json)), {});
    INFO("keys.json: " << keys_text);
    auto at = keys_text.find("recovery_password");
    REQUIRE(at != std::string::npos);
    std::string digits = keys_text.substr(keys_text.find('"', keys_text.find(':', at)) + 1, 13);
    CHECK(log_text.find(digits) == std::string::npos);
}

TEST_CASE("the shell: the drive's files, read-only, and exit comes back to the rescue screen", "[tui][tmux][rescue]") {
    Rescue r(KeysAt::keys_option, Rescue::Home::bashrc_sets_prompt);
    r.keys({"3"});
    REQUIRE(r.wait("is mounted read-only at"));
    CHECK(r.wait("[read-only drive] "));  // the .bashrc sets its own prompt; ours must win
    CHECK(r.session->capture().find("bashrc-prompt") == std::string::npos);
    CHECK(r.session->capture().find("Copy files to another drive") == std::string::npos);  // the screen is given up
    r.session->text("cd Users && ls && touch anna/new.txt; echo TOUCHED-$?");
    r.keys({"Enter"});
    CHECK(r.wait("anna"));
    CHECK(r.wait("TOUCHED-1"));  // read-only: nothing can be written
    r.session->text("exit");
    r.keys({"Enter"});
    CHECK(r.wait("Back from the shell. The drive stays mounted read-only"));
    CHECK(r.wait("Copy files to another drive"));
    r.quit();
    CHECK(bde::test::mounts_below(r.dir / "run").empty());
}

TEST_CASE("bderescue demo: made on first run, with a drive to save to, and walked to the end", "[tui][tmux][rescue]") {
    bde::test::MountScratchDir dir;
    const char* build = std::getenv("BDERESCUE_BUILD_DIR");
    std::string bdegen = std::string(build ? build : BDERESCUE_BINARY_DIR) + "/bdegen";
    REQUIRE(std::filesystem::exists(bdegen));
    TmuxSession s("env LANG=C.UTF-8 BDEGEN=" + shell_quote(bdegen) + " BDERESCUE_RUNTIME_DIR=" + shell_quote(dir / "run") +
                  " " + shell_quote(bde::test::bderescue_path()) + " demo --dir " + shell_quote(dir / "demo") +
                  "; echo EXITED-$?; sleep 600");
    auto wait = [&](const std::string& text, std::chrono::milliseconds timeout = 30s) {
        bool ok = s.wait_for(text, timeout);
        if (!ok) WARN("waited for \"" << text << "\"; the screen:\n" << s.capture());
        return ok;
    };
    REQUIRE(wait("DEMO-LAPTOP C:", 180s));
    CHECK(wait("NTFS \"BACKUP\""));  // the demo's drive to save to, listed among the other drives
    s.keys({"Enter"});
    REQUIRE(wait("A key file for this drive was found. Press Enter to use it."));
    s.keys({"Enter"});
    REQUIRE(wait("Copy files to another drive", 90s));
    confirm_personal_folders(s, wait);
    CHECK(wait("To:        demo-backup.img \"BACKUP\" (NTFS)", 30s));
    s.keys({"y"});
    REQUIRE(wait("Your files are copied.", 120s));
    CHECK(wait("Failed:     0 files"));
    s.keys({"q"});
    REQUIRE(wait("Quit BDE Rescue?"));
    s.keys({"y"});
    REQUIRE(wait("EXITED-0"));
    CHECK(bde::test::mounts_below(dir / "run").empty());
    // The copies are on the BACKUP drive image, in the folder named after the computer and today.
    std::string root = dir / "check";
    std::filesystem::create_directories(root);
    run_ok({"ntfs-3g", "-o", "ro", dir / "demo/demo-backup.img", root});
    CHECK(std::filesystem::exists(root + "/DEMO-LAPTOP " + today() + "/bderescue-report.txt"));
    CHECK(std::filesystem::is_directory(root + "/DEMO-LAPTOP " + today() + "/Users/Alex/Documents"));
}

TEST_CASE("all user profiles: the copy takes what the confirm screen counted, without the caches it says it leaves out",
          "[tui][tmux][rescue]") {
    Rescue r;
    {
        auto& s = *r.session;
        s.keys({"Enter"});
        REQUIRE(r.wait("Mark what to copy with Space"));
        s.keys({"a"});
        REQUIRE(r.wait("Marked 2 user profiles"));
        s.keys({"n"});
        REQUIRE(r.wait("Where should the copies go?"));
        s.keys({"Enter"});
        REQUIRE(r.wait("Start copying?  >[ No (n) ]"));
        CHECK(r.wait("cache folder(s) are left out"));
        // "Size:      N files, ..." on the confirm screen; the done screen must copy exactly N.
        std::string screen = s.capture();
        auto at = screen.find("Size:");
        REQUIRE(at != std::string::npos);
        std::string planned = screen.substr(at + 5, screen.find(" files", at) - at - 5);
        planned.erase(0, planned.find_first_not_of(' '));
        s.keys({"y"});
        REQUIRE(r.wait("Your files are copied.", 120s));
        CHECK(r.wait("Copied:     " + planned + " files"));
    }
    r.quit();
    std::string dest_root = r.open_destination();
    auto copied = bde::test::copied_tree(dest_root + "/DESKTOP-BDEGEN " + today());
    REQUIRE(!copied.empty());
    for (const auto& [path, sha] : copied) {
        INFO(path);
        CHECK(path.find("AppData/Local/Temp/") == std::string::npos);
    }
}
