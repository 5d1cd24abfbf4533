// The copy engine on real mounts of generated NTFS images: full copies, read errors injected under
// the FUSE file, stop and resume, a destination that fills up. Sources are hashed before and after.
#include <catch2/catch.hpp>
#include <sys/mount.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "copy/copy_engine.hpp"
#include "fs_images.hpp"
#include "io/faulty_source.hpp"
#include "io/file_source.hpp"
#include "mount/mounted_volume.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::test;
namespace fs = std::filesystem;

namespace {

struct NtfsFixture {
    MountScratchDir dir;
    std::string image = dir / "ntfs.img";
    std::map<std::string, std::string> expected;
    explicit NtfsFixture(int small_files = 200) : expected(make_profile_ntfs(image, 96 << 20, small_files)) {}
};

}  // namespace

TEST_CASE("copying the user profiles gives byte-identical files with their times, minus caches", "[copy]") {
    NtfsFixture fx;
    std::string before = sha256_of_file(fx.image);
    auto m = MountedVolume::mount(open_image_source(fx.image), {});
    REQUIRE(m);
    CopyOptions opt;
    opt.verify = true;
    opt.source_label = "ntfs.img";
    int progress_calls = 0;
    CopyCallbacks cb;
    cb.progress = [&](const CopyProgress& p) {
        ++progress_calls;
        CHECK(p.files_done <= p.files_total);
    };
    auto r = copy_files((*m)->mountpoint(), fx.dir / "out", opt, cb);
    REQUIRE(r);
    CHECK(r->complete());
    CHECK(r->files_copied == fx.expected.size());
    CHECK(r->verified == fx.expected.size());
    CHECK(copied_tree(fx.dir / "out") == fx.expected);
    CHECK(progress_calls >= 1);
    CHECK(fs::last_write_time(fx.dir / "out/Users/Alice/Documents/letter.txt") ==
          fs::last_write_time((*m)->mountpoint() + "/Users/Alice/Documents/letter.txt"));
    CHECK(!fs::exists(fx.dir / "out/Users/Alice/AppData/Application Data"));
    std::ifstream report(fx.dir / "out/bderescue-report.txt");
    std::string text((std::istreambuf_iterator<char>(report)), {});
    CHECK(text.find("Everything selected was copied.") != std::string::npos);
    CHECK(text.find("AppData/Local/Temp") != std::string::npos);

    SECTION("running it again copies nothing") {
        auto again = copy_files((*m)->mountpoint(), fx.dir / "out", opt, {});
        REQUIRE(again);
        CHECK(again->files_copied == 0);
        CHECK(again->files_already_done == fx.expected.size());
    }
    SECTION("a destination inside the volume or a non-empty foreign folder is refused") {
        auto inside = copy_files((*m)->mountpoint(), (*m)->mountpoint() + "/Users/x", opt, {});
        REQUIRE(!inside);
        CHECK(inside.error().code == Errc::destination);
        write_text_file(fx.dir / "other.txt", "mine");
        fs::create_directories(fx.dir / "busy");
        write_text_file(fx.dir / "busy/mine.txt", "mine");
        auto busy = copy_files((*m)->mountpoint(), fx.dir / "busy", opt, {});
        REQUIRE(!busy);
        CHECK(busy.error().code == Errc::destination);
    }
    m->reset();
    CHECK(sha256_of_file(fx.image) == before);
}

TEST_CASE("an unreadable file is retried once, then skipped and listed, the copy goes on", "[copy]") {
    NtfsFixture fx(20);
    std::string victim = "Users/Alice/Documents/Projects/2024/Q1/report.docx";
    std::uint64_t offset;
    {
        auto m = MountedVolume::mount(open_image_source(fx.image), {});
        REQUIRE(m);
        offset = offset_of_file_data(fx.image, (*m)->mountpoint() + "/" + victim);
    }
    auto faulty = std::make_shared<FaultySource>(open_image_source(fx.image));
    faulty->add_bad_sectors(offset / 512 + 20, 1);
    MountRequest req;
    req.direct_io = true;
    auto m = MountedVolume::mount(faulty, req);
    REQUIRE(m);
    std::vector<std::string> asked;
    CopyCallbacks cb;
    cb.file_error = [&](const std::string& path, const Error&) {
        asked.push_back(path);
        return ErrorDecision::skip;
    };
    auto r = copy_files((*m)->mountpoint(), fx.dir / "out", {}, cb);
    REQUIRE(r);
    CHECK(asked == std::vector<std::string>{victim});
    REQUIRE(r->failed.size() == 1);
    CHECK(r->failed[0].first == victim);
    CHECK(r->files_copied == fx.expected.size() - 1);
    CHECK(!fs::exists(fx.dir / ("out/" + victim)));
    CHECK(!fs::exists(fx.dir / ("out/" + victim + kPartialSuffix)));
    auto manifest = Manifest::load(fx.dir / "out");
    REQUIRE(manifest);
    CHECK(manifest->entries.at(victim).status == FileStatus::failed);
    m->reset();

    SECTION("once the source reads again, re-running copies just that file") {
        auto healthy = MountedVolume::mount(open_image_source(fx.image), {});
        REQUIRE(healthy);
        auto again = copy_files((*healthy)->mountpoint(), fx.dir / "out", {}, {});
        REQUIRE(again);
        CHECK(again->files_copied == 1);
        CHECK(again->complete());
        CHECK(copied_tree(fx.dir / "out") == fx.expected);
    }
}

TEST_CASE("a stopped copy leaves only complete files or marked partial ones, and resumes", "[copy]") {
    NtfsFixture fx(300);
    auto m = MountedVolume::mount(open_image_source(fx.image), {});
    REQUIRE(m);
    std::string root = (*m)->mountpoint();
    CopyOptions opt;
    opt.block_size = 64 << 10;
    int polls = 0;
    CopyCallbacks stop;
    stop.cancelled = [&] { return ++polls > 150; };
    auto first = copy_files(root, fx.dir / "out", opt, stop);
    REQUIRE(!first);
    CHECK(first.error().code == Errc::cancelled);
    auto partial = copied_tree(fx.dir / "out");
    CHECK(partial.size() < fx.expected.size());
    for (const auto& [path, sha] : partial) {
        INFO(path);
        REQUIRE(fx.expected.count(path));
        CHECK(fx.expected.at(path) == sha);  // whatever has its real name is complete
    }
    auto second = copy_files(root, fx.dir / "out", opt, {});
    REQUIRE(second);
    CHECK(second->files_already_done > 0);
    CHECK(second->files_already_done + second->files_copied == fx.expected.size());
    CHECK(copied_tree(fx.dir / "out") == fx.expected);
}

TEST_CASE("a destination that fills up stops the copy cleanly and the copy resumes after", "[copy]") {
    NtfsFixture fx(20);
    write_text_file(fx.dir / "dummy", "");
    std::string small = fx.dir / "small";
    fs::create_directories(small);
    REQUIRE(::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=1200k") == 0);
    auto m = MountedVolume::mount(open_image_source(fx.image), {});
    REQUIRE(m);
    CopyCallbacks cb;
    const CopyPlan* seen = nullptr;
    cb.confirm = [&](const CopyPlan& plan) {
        seen = &plan;
        CHECK(!plan.fits());
        return true;  // start anyway: the engine must stop cleanly when it is full
    };
    auto r = copy_files((*m)->mountpoint(), small + "/out", {}, cb);
    REQUIRE(seen);
    REQUIRE(!r);
    CHECK(r.error().code == Errc::destination);
    CHECK(r.error().message.find("full") != std::string::npos);
    for (const auto& [path, sha] : hash_tree(small + "/out")) CHECK(!path.ends_with(kPartialSuffix));  // removed
    for (const auto& [path, sha] : copied_tree(small + "/out")) {
        INFO(path);
        CHECK(fx.expected.at(path) == sha);
    }
    REQUIRE(::mount("tmpfs", small.c_str(), "tmpfs", MS_REMOUNT, "size=64m") == 0);
    auto again = copy_files((*m)->mountpoint(), small + "/out", {}, {});
    REQUIRE(again);
    CHECK(again->complete());
    CHECK(copied_tree(small + "/out") == fx.expected);
    m->reset();
    ::umount2(small.c_str(), MNT_DETACH);
}

TEST_CASE("a sparse file over 4 GiB is copied sparse and verified", "[copy][slow]") {
    MountScratchDir dir;
    std::string image = dir / "ntfs.img";
    make_ntfs_image(image, 64 << 20, [](const std::string& root) {
        fs::create_directories(root + "/Users/Dana/VMs");
        write_random_file(root + "/Users/Dana/VMs/disk.vhdx", 1 << 20, 77);
        fs::resize_file(root + "/Users/Dana/VMs/disk.vhdx", (4ull << 30) + 12345);
    });
    auto m = MountedVolume::mount(open_image_source(image), {});
    REQUIRE(m);
    CopyOptions opt;
    opt.verify = true;
    auto r = copy_files((*m)->mountpoint(), dir / "out", opt, {});
    REQUIRE(r);
    CHECK(r->complete());
    CHECK(r->verified == 1);
    std::string copy = dir / "out/Users/Dana/VMs/disk.vhdx";
    CHECK(fs::file_size(copy) == (4ull << 30) + 12345);
    struct stat st{};
    REQUIRE(::stat(copy.c_str(), &st) == 0);
    CHECK(static_cast<std::uint64_t>(st.st_blocks) * 512 < (64u << 20));
}
