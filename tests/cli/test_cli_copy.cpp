// `bderescue copy` as a user runs it: JSON progress, byte-for-byte copies, kill -9 and resume,
// a destination too small, read errors in the source. Plain (unencrypted) NTFS images via --plain.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "fs_images.hpp"
#include "io/faulty_source.hpp"
#include "io/file_source.hpp"
#include "mount/volume_fuse.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::test;
namespace fs = std::filesystem;

namespace {

std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> v;
    std::istringstream ss(out);
    std::string line;
    while (std::getline(ss, line))
        if (!line.empty()) v.push_back(nlohmann::json::parse(line));
    return v;
}

// Each test gets its own runtime folder so stale-mount checks see only its own mounts.
struct Runtime {
    std::string dir;
    explicit Runtime(const MountScratchDir& t) : dir(t / "run") { setenv("BDERESCUE_RUNTIME_DIR", dir.c_str(), 1); }
    ~Runtime() { unsetenv("BDERESCUE_RUNTIME_DIR"); }
    bool clean() const { return runtime_root_clean(dir); }
};

}  // namespace

TEST_CASE("bderescue copy --verify --json copies the profiles byte for byte", "[cli][copy]") {
    MountScratchDir t;
    Runtime rt(t);
    auto expected = make_profile_ntfs(t / "ntfs.img", 64 << 20, 50);
    std::string before = sha256_of_file(t / "ntfs.img");
    auto r = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", t / "out", "--verify", "--json"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    auto lines = json_lines(r.out);
    REQUIRE(lines.size() >= 2);
    CHECK(lines.front()["type"] == "plan");
    CHECK(lines.front()["files"] == expected.size());
    CHECK(lines.back()["type"] == "done");
    CHECK(lines.back()["files_copied"] == expected.size());
    CHECK(lines.back()["verified"] == expected.size());
    CHECK(std::any_of(lines.begin(), lines.end(), [](const auto& j) { return j["type"] == "progress"; }));
    CHECK(copied_tree(t / "out") == expected);
    CHECK(sha256_of_file(t / "ntfs.img") == before);
    CHECK(rt.clean());

    auto again = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", t / "out"});
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("were already copied before") != std::string::npos);
    auto docs = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", t / "docs", "Users/Alice/Documents"});
    CHECK(docs.exit_code == 0);
    CHECK(fs::exists(t / "docs/Users/Alice/Documents/letter.txt"));
    CHECK(!fs::exists(t / "docs/Users/Bob"));
}

TEST_CASE("bderescue copy killed with -9 twenty times finishes with an exact copy", "[cli][copy][slow]") {
    MountScratchDir t;
    Runtime rt(t);
    std::map<std::string, std::string> expected;
    make_ntfs_image(t / "ntfs.img", 192 << 20, [&](const std::string& root) {
        populate_user_tree(root, 300);
        fs::create_directories(root + "/Users/Bob/Videos");
        for (int i = 0; i < 10; ++i)
            write_random_file(root + "/Users/Bob/Videos/clip" + std::to_string(i) + ".mp4", 8 << 20, 500 + i);
        expected = profile_files(root);
    });
    std::string before = sha256_of_file(t / "ntfs.img");
    // The source is a slow "disk" (2 MiB/s whatever this machine's speed): 20 runs of at most 1.5 s each
    // cannot finish the 80 MiB, so every run is killed somewhere between start-up and the middle of a file.
    auto slow = std::make_shared<FaultySource>(open_image_source(t / "ntfs.img"));
    slow->set_throughput_limit(2 << 20);
    fs::create_directories(t / "disk");
    VolumeFuse::Options fo;
    fo.direct_io = true;
    auto disk = VolumeFuse::start(slow, t / "disk", fo);
    REQUIRE(disk);
    std::mt19937 rng(42);
    int killed = 0;
    std::size_t most_copied = 0;
    for (int round = 0; round < 20; ++round) {
        int pid = spawn_bderescue({"copy", "--plain", (*disk)->file_path(), "--to", t / "out", "--json"}, t / "copy.out",
                                  t / "copy.err");
        std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 1350));
        ::kill(pid, SIGKILL);
        int code = wait_for_exit(pid);
        INFO("round " << round << " exit " << code << "\n" << file_text(t / "copy.out") << file_text(t / "copy.err"));
        REQUIRE(code == 128 + SIGKILL);  // anything else: it failed, or the slow disk was not slow
        ++killed;
        // The guardian removes the mounts of the killed process.
        for (int i = 0; i < 100 && !rt.clean(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CHECK(rt.clean());
        auto copied = copied_tree(t / "out");
        for (const auto& [path, sha] : copied) {
            INFO(path);
            CHECK(expected.at(path) == sha);  // anything under its real name is complete
        }
        most_copied = std::max(most_copied, copied.size());
    }
    CHECK(killed == 20);
    CHECK(most_copied > 0);                // the kills came while files were being copied,
    CHECK(most_copied < expected.size());  // and before the end
    slow->set_throughput_limit(0);
    auto r = run_bderescue({"copy", "--plain", (*disk)->file_path(), "--to", t / "out", "--verify"});
    INFO(r.out + r.err);
    CHECK(r.exit_code == 0);
    CHECK(copied_tree(t / "out") == expected);
    CHECK(sha256_of_file(t / "ntfs.img") == before);
}

TEST_CASE("bderescue copy to a destination that is too small stops cleanly and resumes", "[cli][copy]") {
    MountScratchDir t;
    Runtime rt(t);
    auto expected = make_profile_ntfs(t / "ntfs.img", 64 << 20, 20);
    std::string small = t / "small";
    fs::create_directories(small);
    REQUIRE(::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=1200k") == 0);
    auto refused = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", small + "/out"});
    CHECK(refused.exit_code == 10);
    CHECK(refused.err.find("bigger drive") != std::string::npos);
    CHECK(copied_tree(small + "/out").empty());

    auto full = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", small + "/out", "--anyway", "--json"});
    CHECK(full.exit_code == 10);
    CHECK(full.out.find("{\"error\":{\"code\":\"destination\"") != std::string::npos);
    for (const auto& [path, sha] : hash_tree(small + "/out")) CHECK(!path.ends_with(".bderescue-partial"));
    for (const auto& [path, sha] : copied_tree(small + "/out")) {
        INFO(path);
        CHECK(expected.at(path) == sha);
    }
    CHECK(rt.clean());
    REQUIRE(::mount("tmpfs", small.c_str(), "tmpfs", MS_REMOUNT, "size=64m") == 0);
    auto done = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", small + "/out"});
    CHECK(done.exit_code == 0);
    CHECK(copied_tree(small + "/out") == expected);
    ::umount2(small.c_str(), MNT_DETACH);
}

TEST_CASE("bderescue copy skips a file the source cannot read and exits 13", "[cli][copy]") {
    MountScratchDir t;
    Runtime rt(t);
    std::string victim = "Users/Alice/Pictures/Ünïcödé ÆØÅ 日本語/photo 1.jpg";
    make_ntfs_image(t / "ntfs.img", 64 << 20, [&](const std::string& root) { populate_user_tree(root, 10); });
    std::uint64_t at;
    {
        std::string mp = t / "look";
        fs::create_directories(mp);
        REQUIRE(run_program({"ntfs-3g", "-o", "ro", t / "ntfs.img", mp}).exit_code == 0);
        at = offset_of_file_data(t / "ntfs.img", mp + "/" + victim);
        unmount_all_below(mp);
    }
    // Make a sector inside the photo unreadable.
    auto faulty = std::make_shared<FaultySource>(open_image_source(t / "ntfs.img"));
    faulty->add_bad_sectors(at / 512 + 8, 2);
    fs::create_directories(t / "disk");
    VolumeFuse::Options fo;
    fo.direct_io = true;
    auto disk = VolumeFuse::start(faulty, t / "disk", fo);  // a "disk" with two bad sectors
    REQUIRE(disk);
    auto r = run_bderescue({"copy", "--plain", (*disk)->file_path(), "--to", t / "out", "--json"});
    INFO(r.err);
    CHECK(r.exit_code == 13);
    auto lines = json_lines(r.out);
    int errors = 0;
    for (const auto& j : lines)
        if (j["type"] == "file-error") {
            ++errors;
            CHECK(j["path"] == victim);
        }
    CHECK(errors == 1);
    REQUIRE(lines.back()["type"] == "done");
    REQUIRE(lines.back()["failed"].size() == 1);
    CHECK(lines.back()["failed"][0]["path"] == victim);
    CHECK(!fs::exists(t / ("out/" + victim)));
    CHECK(fs::exists(t / "out/Users/Alice/Documents/letter.txt"));
    std::string text = file_text(t / "out/bderescue-report.txt");
    CHECK(text.find("Not copied (1)") != std::string::npos);
    CHECK(text.find(victim) != std::string::npos);
}
