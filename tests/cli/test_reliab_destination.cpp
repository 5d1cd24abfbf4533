// Destination trouble for `copy` and `image`: a read-only destination, a drive "unplugged" mid-run (a
// FUSE pass-through drive in this process that starts answering EIO after a set number of bytes), and a
// destination on the disk being rescued (a loop device over a volume image). Each stops with exit 10
// and a message saying what to do; nothing incomplete looks complete; the same command resumes once the
// drive works again.
#define FUSE_USE_VERSION 35
#include <catch2/catch.hpp>
#include <dirent.h>
#include <fcntl.h>
#include <fuse3/fuse.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "fs_images.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde::test;
namespace fs = std::filesystem;

namespace {

// A drive that works like a folder until `fail_after_bytes` have been written to it; from then on every
// operation fails with EIO, as when a USB disk is pulled out. plug_back_in() makes it work again.
class UnpluggableDrive {
public:
    UnpluggableDrive(const std::string& store, const std::string& mountpoint) : store_(store) {
        fs::create_directories(store);
        fs::create_directories(mountpoint);
        static const fuse_operations ops = make_ops();
        std::vector<const char*> argv{"unpluggable"};
        fuse_args args = FUSE_ARGS_INIT(static_cast<int>(argv.size()), const_cast<char**>(argv.data()));
        fuse_ = fuse_new(&args, &ops, sizeof ops, this);
        fuse_opt_free_args(&args);
        REQUIRE(fuse_);
        REQUIRE(fuse_mount(fuse_, mountpoint.c_str()) == 0);
        loop_ = std::thread([this] { fuse_loop(fuse_); });
    }
    ~UnpluggableDrive() {
        fuse_exit(fuse_);
        fuse_unmount(fuse_);
        loop_.join();
        fuse_destroy(fuse_);
    }
    void fail_after_bytes(std::int64_t n) { budget_ = n; }
    void plug_back_in() { budget_ = -1; }
    bool unplugged() const { return budget_ == 0; }

private:
    static UnpluggableDrive& self() { return *static_cast<UnpluggableDrive*>(fuse_get_context()->private_data); }
    std::string real(const char* path) const { return store_ + path; }
    bool dead() const { return budget_ == 0; }
    static int err(int r) { return r < 0 ? -errno : r; }

    static fuse_operations make_ops() {
        fuse_operations o{};
        o.getattr = [](const char* p, struct stat* st, fuse_file_info*) {
            return self().dead() ? -EIO : err(::lstat(self().real(p).c_str(), st));
        };
        o.readdir = [](const char* p, void* buf, fuse_fill_dir_t fill, off_t, fuse_file_info*, fuse_readdir_flags) {
            if (self().dead()) return -EIO;
            DIR* d = ::opendir(self().real(p).c_str());
            if (!d) return -errno;
            while (dirent* e = ::readdir(d)) fill(buf, e->d_name, nullptr, 0, static_cast<fuse_fill_dir_flags>(0));
            ::closedir(d);
            return 0;
        };
        o.mkdir = [](const char* p, mode_t m) { return self().dead() ? -EIO : err(::mkdir(self().real(p).c_str(), m)); };
        o.unlink = [](const char* p) { return self().dead() ? -EIO : err(::unlink(self().real(p).c_str())); };
        o.rmdir = [](const char* p) { return self().dead() ? -EIO : err(::rmdir(self().real(p).c_str())); };
        o.rename = [](const char* a, const char* b, unsigned flags) {
            if (self().dead()) return -EIO;
            if (flags) return -EINVAL;
            return err(::rename(self().real(a).c_str(), self().real(b).c_str()));
        };
        o.link = [](const char* a, const char* b) {
            return self().dead() ? -EIO : err(::link(self().real(a).c_str(), self().real(b).c_str()));
        };
        o.chmod = [](const char* p, mode_t m, fuse_file_info*) {
            return self().dead() ? -EIO : err(::chmod(self().real(p).c_str(), m));
        };
        o.truncate = [](const char* p, off_t size, fuse_file_info* fi) {
            if (self().dead()) return -EIO;
            return err(fi ? ::ftruncate(static_cast<int>(fi->fh), size) : ::truncate(self().real(p).c_str(), size));
        };
        o.utimens = [](const char* p, const timespec tv[2], fuse_file_info* fi) {
            if (self().dead()) return -EIO;
            return err(fi ? ::futimens(static_cast<int>(fi->fh), tv)
                          : ::utimensat(AT_FDCWD, self().real(p).c_str(), tv, AT_SYMLINK_NOFOLLOW));
        };
        o.create = [](const char* p, mode_t m, fuse_file_info* fi) {
            if (self().dead()) return -EIO;
            int fd = ::open(self().real(p).c_str(), fi->flags | O_CREAT, m);
            if (fd < 0) return -errno;
            fi->fh = static_cast<std::uint64_t>(fd);
            return 0;
        };
        o.open = [](const char* p, fuse_file_info* fi) {
            if (self().dead()) return -EIO;
            int fd = ::open(self().real(p).c_str(), fi->flags);
            if (fd < 0) return -errno;
            fi->fh = static_cast<std::uint64_t>(fd);
            return 0;
        };
        o.read = [](const char*, char* buf, size_t n, off_t at, fuse_file_info* fi) {
            if (self().dead()) return -EIO;
            ssize_t r = ::pread(static_cast<int>(fi->fh), buf, n, at);
            return r < 0 ? -errno : static_cast<int>(r);
        };
        o.write = [](const char*, const char* buf, size_t n, off_t at, fuse_file_info* fi) {
            auto& d = self();
            if (d.dead()) return -EIO;
            std::int64_t left = d.budget_.load();
            if (left > 0) {
                n = std::min<size_t>(n, static_cast<size_t>(left));
                d.budget_ = left - static_cast<std::int64_t>(n);
            }
            ssize_t r = ::pwrite(static_cast<int>(fi->fh), buf, n, at);
            return r < 0 ? -errno : static_cast<int>(r);
        };
        o.fsync = [](const char*, int, fuse_file_info* fi) {
            return self().dead() ? -EIO : err(::fsync(static_cast<int>(fi->fh)));
        };
        o.flush = [](const char*, fuse_file_info*) { return self().dead() ? -EIO : 0; };
        o.release = [](const char*, fuse_file_info* fi) { return ::close(static_cast<int>(fi->fh)), 0; };
        o.statfs = [](const char*, struct statvfs* st) {
            return self().dead() ? -EIO : err(::statvfs(self().store_.c_str(), st));
        };
        return o;
    }

    std::string store_;
    std::atomic<std::int64_t> budget_{-1};  // bytes until the drive fails; -1 = never
    fuse* fuse_ = nullptr;
    std::thread loop_;
};

// A small tmpfs that can be switched read-only and back.
class SmallDrive {
public:
    explicit SmallDrive(const std::string& dir) : dir_(dir) {
        fs::create_directories(dir);
        REQUIRE(::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=96m") == 0);
    }
    ~SmallDrive() { ::umount2(dir_.c_str(), MNT_DETACH); }
    void read_only(bool ro) {
        REQUIRE(::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | (ro ? MS_RDONLY : 0), "size=96m") == 0);
    }

private:
    std::string dir_;
};

struct OwnRuntime {
    explicit OwnRuntime(const std::string& dir) { setenv("BDERESCUE_RUNTIME_DIR", dir.c_str(), 1); }
    ~OwnRuntime() { unsetenv("BDERESCUE_RUNTIME_DIR"); }
};

// A plain NTFS image with user profiles and some bigger files, so a copy takes several megabytes.
std::map<std::string, std::string> make_source(const std::string& image) {
    std::map<std::string, std::string> expected;
    make_ntfs_image(image, 64 << 20, [&](const std::string& root) {
        populate_user_tree(root, 20);
        fs::create_directories(root + "/Users/Bob/Videos");
        for (int i = 0; i < 6; ++i)
            write_random_file(root + "/Users/Bob/Videos/clip" + std::to_string(i) + ".mp4", 2 << 20, 700 + i);
        expected = profile_files(root);
    });
    return expected;
}

// Files under their real names must be complete (partial ones carry the .bderescue-partial suffix).
void nothing_incomplete_looks_complete(const std::string& dest, const std::map<std::string, std::string>& expected) {
    for (const auto& [path, sha] : copied_tree(dest)) {
        INFO(path);
        REQUIRE(expected.count(path));
        CHECK(expected.at(path) == sha);
    }
}

// Detaches a read-only loop device over an image file when done.
class LoopDevice {
public:
    explicit LoopDevice(const std::string& image) {
        auto r = run_program({"losetup", "--read-only", "--find", "--show", image});
        REQUIRE(r.exit_code == 0);
        dev_ = r.out.substr(0, r.out.find('\n'));
    }
    ~LoopDevice() { run_program({"losetup", "-d", dev_}); }
    const std::string& path() const { return dev_; }

private:
    std::string dev_;
};

}  // namespace

TEST_CASE("copy to a read-only destination exits 10, and continues once it is writable", "[cli][reliability][destination]") {
    MountScratchDir t;
    OwnRuntime rt(t / "run");
    auto expected = make_source(t / "ntfs.img");
    SmallDrive drive(t / "usb");
    std::string out = t / "usb/rescued";

    // Part of the files first, then the drive turns read-only.
    auto docs = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", out, "Users/Alice/Documents"});
    REQUIRE(docs.exit_code == 0);
    auto before = copied_tree(out);
    REQUIRE(!before.empty());
    drive.read_only(true);
    auto refused = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", out});
    INFO(refused.out + refused.err);
    CHECK(refused.exit_code == 10);
    CHECK(refused.err.find("read-only") != std::string::npos);
    CHECK(refused.err.find("run the same command again") != std::string::npos);
    CHECK(copied_tree(out) == before);
    CHECK(mounts_below(t / "run").empty());

    drive.read_only(false);
    auto done = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", out});
    INFO(done.out + done.err);
    CHECK(done.exit_code == 0);
    CHECK(done.out.find("were already copied before") != std::string::npos);
    CHECK(copied_tree(out) == expected);
}

TEST_CASE("image to a read-only destination exits 10 with a clear message", "[cli][reliability][destination]") {
    MountScratchDir t;
    write_random_file(t / "vol.img", 4 << 20, 31);
    SmallDrive drive(t / "usb");
    drive.read_only(true);
    auto r = run_bderescue({"image", "--plain", t / "vol.img", "-o", t / "usb/vol.img", "--mapfile", t / "usb/vol.map"});
    INFO(r.err);
    CHECK(r.exit_code == 10);
    CHECK(r.err.find("read-only") != std::string::npos);
    CHECK(!fs::exists(t / "usb/vol.img"));
    drive.read_only(false);
    auto again = run_bderescue({"image", "--plain", t / "vol.img", "-o", t / "usb/vol.img", "--mapfile", t / "usb/vol.map"});
    CHECK(again.exit_code == 0);
    CHECK(sha256_of_file(t / "usb/vol.img") == sha256_of_file(t / "vol.img"));
}

TEST_CASE("a destination unplugged in the middle of a copy: exit 10, then the copy resumes", "[cli][reliability][destination]") {
    MountScratchDir t;
    OwnRuntime rt(t / "run");
    auto expected = make_source(t / "ntfs.img");
    UnpluggableDrive drive(t / "store", t / "usb");
    drive.fail_after_bytes(5 << 20);  // about half of the files
    auto r = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", t / "usb/out"});
    INFO(r.out + r.err);
    CHECK(drive.unplugged());
    CHECK(r.exit_code == 10);
    CHECK(r.err.find("unplugged") != std::string::npos);
    CHECK(r.err.find("run the same command again") != std::string::npos);
    CHECK(mounts_below(t / "run").empty());

    drive.plug_back_in();
    auto part = copied_tree(t / "store/out");
    CHECK(!part.empty());
    CHECK(part.size() < expected.size());
    nothing_incomplete_looks_complete(t / "store/out", expected);

    auto done = run_bderescue({"copy", "--plain", t / "ntfs.img", "--to", t / "usb/out", "--verify"});
    INFO(done.out + done.err);
    CHECK(done.exit_code == 0);
    CHECK(copied_tree(t / "store/out") == expected);
    for (const auto& [path, sha] : hash_tree(t / "store/out")) CHECK(!path.ends_with(".bderescue-partial"));
}

TEST_CASE("a destination unplugged in the middle of an image: exit 10, then the image resumes", "[cli][reliability][destination]") {
    MountScratchDir t;
    write_random_file(t / "vol.img", 16 << 20, 32);
    UnpluggableDrive drive(t / "store", t / "usb");
    drive.fail_after_bytes(6 << 20);
    std::vector<std::string> cmd = {"image", "--plain", t / "vol.img", "-o", t / "usb/vol.img", "--mapfile", t / "mapfile"};
    auto r = run_bderescue(cmd);
    INFO(r.err);
    CHECK(drive.unplugged());
    CHECK(r.exit_code == 10);
    CHECK(r.err.find("unplugged") != std::string::npos);

    drive.plug_back_in();
    auto again = run_bderescue(cmd);
    INFO(again.out + again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("from an earlier run") != std::string::npos);
    CHECK(sha256_of_file(t / "store/vol.img") == sha256_of_file(t / "vol.img"));
}

TEST_CASE("copy, image and mount refuse targets on the disk that holds the volume (loop device)",
          "[cli][reliability][destination]") {
    const TestVolume& v = test_volume("bitlk-aes-xts-128");
    MountScratchDir t;
    OwnRuntime rt(t / "run");
    REQUIRE(run_program({"cp", "--sparse=always", v.path, t / "vol.img"}).exit_code == 0);
    struct stat st{};
    REQUIRE(::stat(t.path().c_str(), &st) == 0);
    if (major(st.st_dev) == 0) {
        WARN("the temp folder is not on a block device here; nothing to refuse");
        return;
    }
    LoopDevice loop(t / "vol.img");  // "the BitLocker disk" is backed by the disk holding the temp folder
    std::string before = sha256_of_file(t / "vol.img");
    const std::vector<std::vector<std::string>> commands = {
        {"copy", loop.path(), "-r", v.get("RP"), "--to", t / "out"},
        {"image", loop.path(), "-r", v.get("RP"), "-o", t / "out.img"},
        {"image", loop.path(), "-r", v.get("RP"), "-o", "/dev/null", "--mapfile", t / "out.map"},
        {"mount", loop.path(), t / "files", "-r", v.get("RP")},
        {"mount", loop.path(), t / "files2", "--background", "-r", v.get("RP")},
    };
    for (const auto& c : commands) {
        auto r = run_bderescue(c);
        INFO(c[0] << " " << c[2] << ": " << r.out << r.err);
        CHECK(r.exit_code == 10);
        CHECK(r.err.find("same disk") != std::string::npos);
    }
    CHECK(!fs::exists(t / "out"));
    CHECK(!fs::exists(t / "out.img"));
    CHECK(!fs::exists(t / "out.map"));
    CHECK(!fs::exists(t / "files"));
    CHECK(mounts_below(t.path()).empty());
    CHECK(sha256_of_file(t / "vol.img") == before);
    // The image file itself is not a disk: a destination beside it is fine.
    auto beside = run_bderescue({"image", t / "vol.img", "-r", v.get("RP"), "-o", t / "beside.img"});
    CHECK(beside.exit_code == 0);
}
