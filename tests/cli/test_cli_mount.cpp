// `bderescue mount` / `umount`: files visible read-only, clean unmount, no stale mount after kill -9.
#include <catch2/catch.hpp>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fs_images.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde::test;
namespace fs = std::filesystem;

namespace {

bool wait_until(const std::function<bool()>& cond, int ms = 10000) {
    for (int i = 0; i < ms / 50; ++i) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return cond();
}

struct Fixture {
    MountScratchDir t;
    std::string runtime = t / "run";
    std::string image = t / "ntfs.img";
    Fixture() {
        setenv("BDERESCUE_RUNTIME_DIR", runtime.c_str(), 1);
        make_ntfs_image(image, 32 << 20, [](const std::string& root) { populate_user_tree(root, 5); });
    }
    ~Fixture() { unsetenv("BDERESCUE_RUNTIME_DIR"); }
    bool nothing_left() const {
        return mounts_below(t.path()).empty() && runtime_root_clean(runtime);
    }
};

}  // namespace

TEST_CASE("mount --background shows the files read-only until umount", "[cli][mount]") {
    Fixture f;
    std::string before = sha256_of_file(f.image);
    auto r = run_bderescue({"mount", "--plain", f.image, f.t / "files", "--background"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("mounted read-only") != std::string::npos);
    CHECK(file_text(f.t / "files/Users/Alice/Documents/letter.txt") == "Dear Bob,\nthe files are safe.\n");
    CHECK(!std::ofstream(f.t / "files/Users/Alice/new.txt"));
    auto u = run_bderescue({"umount", f.t / "files", "--json"});
    INFO(u.err);
    CHECK(u.exit_code == 0);
    CHECK(u.out.find("\"how\":\"owner\"") != std::string::npos);  // the mount process ended it in order
    CHECK(wait_until([&] { return f.nothing_left(); }));
    CHECK(sha256_of_file(f.image) == before);
    CHECK(run_bderescue({"umount", f.t / "files"}).exit_code == 5);
}

TEST_CASE("a foreground mount ends cleanly on SIGTERM and leaves nothing after kill -9", "[cli][mount]") {
    Fixture f;
    int pid = spawn_bderescue({"mount", "--plain", f.image, f.t / "files"}, f.t / "mount.out", f.t / "mount.err");
    REQUIRE(wait_until([&] { return fs::exists(f.t / "files/Users"); }));
    ::kill(pid, SIGTERM);
    CHECK(wait_for_exit(pid) == 0);
    CHECK(f.nothing_left());

    pid = spawn_bderescue({"mount", "--plain", f.image, f.t / "files"}, f.t / "mount.out", f.t / "mount.err");
    REQUIRE(wait_until([&] { return fs::exists(f.t / "files/Users"); }));
    ::kill(pid, SIGKILL);
    CHECK(wait_for_exit(pid) == 128 + SIGKILL);
    CHECK(wait_until([&] { return f.nothing_left(); }));
}

TEST_CASE("mount refuses a folder that is not empty", "[cli][mount]") {
    Fixture f;
    fs::create_directories(f.t / "busy");
    write_text_file(f.t / "busy/keep.txt", "mine");
    auto r = run_bderescue({"mount", "--plain", f.image, f.t / "busy"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("not empty") != std::string::npos);
    CHECK(file_text(f.t / "busy/keep.txt") == "mine");
}
