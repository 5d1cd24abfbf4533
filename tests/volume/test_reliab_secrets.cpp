// Key material stays secret: a bderescue process that holds keys is not dumpable (no core file, no
// ptrace/proc-mem by other users), and no recovery key, password or FVEK reaches what bderescue prints or
// writes (stdout, stderr, JSON, copy report and manifest, image mapfile, mount runtime files) unless the
// user asks for it with --show-recovery-password / --show-secrets.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "fs_images.hpp"
#include "run_cli.hpp"
#include "test_generator_support.hpp"

using namespace bde::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kRecovery = "283272-602547-146641-355223-433147-695893-048664-230153";
constexpr const char* kPassword = "Secr3t pässwörd 42";

bool wait_until(const std::function<bool()>& cond, int ms = 30000) {
    for (int i = 0; i < ms / 50; ++i) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return cond();
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string without_dashes(std::string s) {
    std::erase(s, '-');
    return s;
}

// The secrets of one generated volume, in every spelling they could leak in.
struct Secrets {
    std::vector<std::string> needles;
    explicit Secrets(const std::string& fvek_hex) {
        needles = {kRecovery, without_dashes(kRecovery), kPassword, fvek_hex, upper(fvek_hex),
                   fvek_hex.substr(0, 32), upper(fvek_hex.substr(0, 32))};
    }
    // The secret found in text, or "" when there is none.
    std::string found_in(const std::string& text) const {
        for (const auto& n : needles)
            if (text.find(n) != std::string::npos) return n;
        return "";
    }
};

// /proc/PID/status does not show the dumpable flag, so the test asks the kernel for a core dump: with
// core dumps allowed (RLIMIT_CORE) a process killed by SIGABRT dumps core, unless it is not dumpable.
// The test process becomes a subreaper so that a --background server, orphaned by its parent, can be
// waited for too. The working folder (where a "core" file would land) is a scratch folder.
class CoreDumpsOn {
public:
    explicit CoreDumpsOn(const std::string& dir) : old_cwd_(fs::current_path()) {
        ::getrlimit(RLIMIT_CORE, &old_);
        rlimit on{old_.rlim_max, old_.rlim_max};
        ::setrlimit(RLIMIT_CORE, &on);
        fs::current_path(dir);
        ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    }
    ~CoreDumpsOn() {
        ::prctl(PR_SET_CHILD_SUBREAPER, 0);
        fs::current_path(old_cwd_);
        ::setrlimit(RLIMIT_CORE, &old_);
    }

private:
    rlimit old_{};
    fs::path old_cwd_;
};

// Kills pid (our child or orphan) with SIGABRT; true when the kernel reports a core dump.
bool dumps_core(int pid) {
    ::kill(pid, SIGABRT);
    ::kill(pid, SIGCONT);  // a stopped process takes the signal now
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFSIGNALED(status) && WCOREDUMP(status);
}

// The control: an ordinary process started here does dump core, so the check can see one.
bool ordinary_process_dumps_core() {
    int exec_done[2];
    REQUIRE(::pipe2(exec_done, O_CLOEXEC) == 0);
    pid_t sleeper = ::fork();
    if (sleeper == 0) {
        ::execlp("sleep", "sleep", "60", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(exec_done[1]);
    char byte;
    while (::read(exec_done[0], &byte, 1) < 0 && errno == EINTR) {
    }
    ::close(exec_done[0]);  // end of file: the child is `sleep` now, not a copy of this test
    return dumps_core(sleeper);
}

// PIDs of running bderescue processes whose command line mentions `needle`.
std::vector<int> bderescue_pids_with(const std::string& needle) {
    std::vector<int> out;
    for (const auto& e : fs::directory_iterator("/proc")) {
        std::string name = e.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::error_code ec;
        if (fs::read_symlink(e.path() / "exe", ec) != fs::path(bderescue_path())) continue;
        std::ifstream in(e.path() / "cmdline");
        std::string cmd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (cmd.find(needle) != std::string::npos) out.push_back(std::stoi(name));
    }
    return out;
}

int parent_of(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("PPid:", 0) == 0) return std::stoi(line.substr(5));
    return -1;
}

// The mount server `server` (our child) and its mount guardian (the server's child, forked after the keys
// were read) both hold key material: neither may dump core. The guardian is stopped first so it does not
// clean up and exit when the server dies; it is then re-parented to this test (a subreaper) and checked.
void neither_server_nor_guardian_dumps_core(int server, const std::string& mountpoint) {
    std::vector<int> guardians;
    for (int p : bderescue_pids_with(mountpoint))
        if (parent_of(p) == server) guardians.push_back(p);
    REQUIRE(guardians.size() == 1);
    ::kill(guardians[0], SIGSTOP);
    CHECK_FALSE(dumps_core(server));
    REQUIRE(wait_until([&] { return parent_of(guardians[0]) == ::getpid(); }));
    CHECK_FALSE(dumps_core(guardians[0]));
    unmount_all_below(mountpoint);  // nobody is left to clean up: the test does
}

// Every file below dir, concatenated (records, reports, logs).
std::string all_files_below(const std::string& dir) {
    std::string all;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file()) all += e.path().string() + "\n" + file_text(e.path()) + "\n";
    return all;
}

struct Volume {
    MountScratchDir t;
    std::string vol = t / "vol.img";
    std::string bek;
    std::string fvek;
    Volume() {
        make_profile_ntfs(t / "plain.img", 40 << 20, 10);
        fs::create_directories(t / "keys");
        run_bdegen({"--plain", t / "plain.img", "-o", vol, "--password", kPassword, "--recovery-password", kRecovery,
                    "--bek-dir", t / "keys", "--recovery-txt-dir", t / "keys", "--seed", "77", "--print-keys-json",
                    t / "generated-keys.json"});
        fvek = read_json(t / "generated-keys.json")["fvek"];
        fs::remove(t / "generated-keys.json");  // test material only: it must not count as our output
        for (const auto& e : fs::directory_iterator(t / "keys"))
            if (e.path().extension() == ".BEK") bek = e.path().string();
        REQUIRE(fvek.size() >= 32);
        REQUIRE(!bek.empty());
        setenv("BDERESCUE_RUNTIME_DIR", (t / "run").c_str(), 1);
    }
    ~Volume() { unsetenv("BDERESCUE_RUNTIME_DIR"); }
};

}  // namespace

TEST_CASE("a bderescue process holding keys dumps no core (mount in the foreground and in the background)",
          "[volume][reliability][secrets]") {
#if defined(__SANITIZE_ADDRESS__)
    // An AddressSanitizer build turns core dumps off by itself, so nothing could be told here; the normal
    // build's run of this test is the one that counts.
    WARN("core dumps are off under AddressSanitizer: not checked in this build");
    return;
#endif
    Volume v;
    Secrets s(v.fvek);
    fs::create_directories(v.t / "cwd");
    CoreDumpsOn dumps(v.t / "cwd");
    if (!ordinary_process_dumps_core()) {
        // This machine dumps no core at all (core_pattern or a hard RLIMIT_CORE of 0): nothing can be told.
        // On the development and CI machines the control passes and the checks below run.
        WARN("this machine writes no core dumps (see /proc/sys/kernel/core_pattern): not checked here");
        return;
    }
    for (const auto& e : fs::directory_iterator(v.t / "cwd")) fs::remove(e.path());  // its core file

    // Foreground mount: the process serving the decrypted volume holds the FVEK for as long as it runs.
    std::string mp = v.t / "files";
    int pid = spawn_bderescue({"mount", v.vol, mp, "-r", kRecovery}, v.t / "mount.out", v.t / "mount.err");
    REQUIRE(wait_until([&] { return fs::exists(mp + "/Users"); }));
    // The runtime records of the mount hold no key either.
    CHECK(s.found_in(all_files_below(v.t / "run")) == "");
    neither_server_nor_guardian_dumps_core(pid, mp);
    CHECK(s.found_in(file_text(v.t / "mount.out") + file_text(v.t / "mount.err")) == "");

    // --background: the process left running after the command returns is a fork holding the keys, and so
    // is its mount guardian.
    std::string mp2 = v.t / "files2";
    auto bg = run_bderescue({"mount", v.vol, mp2, "--password", kPassword, "--background"});
    INFO(bg.err);
    REQUIRE(bg.exit_code == 0);
    CHECK(s.found_in(bg.out + bg.err) == "");
    std::vector<int> servers;  // the server, whose parent (the command) has returned: now our child
    for (int p : bderescue_pids_with(mp2))
        if (parent_of(p) == ::getpid()) servers.push_back(p);
    REQUIRE(servers.size() == 1);
    neither_server_nor_guardian_dumps_core(servers[0], mp2);
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(v.t / "cwd")) left.push_back(e.path().filename());
    CHECK(left.empty());  // no core file anywhere
}

TEST_CASE("no recovery key, password or FVEK in the output of unlock, copy, image and keys scan",
          "[volume][reliability][secrets]") {
    Volume v;
    Secrets s(v.fvek);
    auto no_secret = [&](const std::string& what, const CliResult& r) {
        INFO(what << "\nexit " << r.exit_code << "\n" << r.out << r.err);
        CHECK(s.found_in(r.out + r.err) == "");
    };
    const std::vector<std::vector<std::string>> creds = {
        {"-r", kRecovery}, {"-r", without_dashes(kRecovery)}, {"-p", kPassword}, {"--bek", v.bek},
        {"--fvek", v.fvek}, {"--keys", v.t / "keys"}};
    for (const auto& c : creds) {
        for (bool json : {false, true}) {
            std::vector<std::string> args = {"unlock", v.vol};
            args.insert(args.end(), c.begin(), c.end());
            if (json) args.push_back("--json");
            auto r = run_bderescue(args);
            CHECK(r.exit_code == 0);
            no_secret("unlock " + c[0] + (json ? " --json" : ""), r);
        }
    }
    // Wrong keys and mistakes: the messages do not echo what was typed.
    no_secret("wrong password", run_bderescue({"unlock", v.vol, "-p", std::string(kPassword) + "x"}));
    no_secret("wrong FVEK", run_bderescue({"unlock", v.vol, "--fvek", std::string(v.fvek.size(), 'a'), "--json"}));
    no_secret("info", run_bderescue({"info", v.vol, "--json"}));

    // Copy (report and manifest included), image (mapfile included), in both output styles.
    for (bool json : {false, true}) {
        std::string out = v.t / (json ? "copy-json" : "copy-text");
        std::vector<std::string> args = {"copy", v.vol, "-r", kRecovery, "--to", out, "--verify"};
        if (json) args.push_back("--json");
        auto copy = run_bderescue(args);
        CHECK(copy.exit_code == 0);
        no_secret("copy", copy);
        CHECK(fs::exists(out + "/bderescue-report.txt"));
        CHECK(s.found_in(all_files_below(out)) == "");
    }
    fs::create_directories(v.t / "img");
    auto image = run_bderescue({"image", v.vol, "-p", kPassword, "-o", v.t / "img/dec.img", "--mapfile",
                                v.t / "img/dec.map", "--json"});
    CHECK(image.exit_code == 0);
    no_secret("image", image);
    CHECK(s.found_in(file_text(v.t / "img/dec.map")) == "");
    auto to_stdout = run_bderescue({"image", v.vol, "--fvek", v.fvek, "-o", "-"});
    CHECK(to_stdout.exit_code == 0);
    CHECK(s.found_in(to_stdout.err) == "");
    CHECK(s.found_in(all_files_below(v.t / "run")) == "");

    // Key files found on a stick: listed by ID, the digits only with --show-secrets.
    auto scan = run_bderescue({"keys", "scan", v.t / "keys"});
    CHECK(scan.exit_code == 0);
    no_secret("keys scan", scan);
    no_secret("keys scan --json", run_bderescue({"keys", "scan", v.t / "keys", "--json"}));

    // The controls: asked for, the secret is shown, so the checks above can see one.
    auto shown = run_bderescue({"keys", "scan", v.t / "keys", "--show-secrets"});
    CHECK(s.found_in(shown.out) == kRecovery);
    auto recovered = run_bderescue({"unlock", v.vol, "-p", kPassword, "--show-recovery-password"});
    CHECK(s.found_in(recovered.out) == kRecovery);
}
