#include "mount/unmount.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace bde {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size()) {
            int v = 0;
            bool ok = true;
            for (int k = 1; k <= 3; ++k) {
                char c = s[i + k];
                if (c < '0' || c > '7') ok = false;
                else v = v * 8 + (c - '0');
            }
            if (ok) {
                out.push_back(static_cast<char>(v));
                i += 3;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

// An absolute, symlink-free path even when path itself is a dead FUSE mount (stat fails with ENOTCONN).
std::string canonical_mount_path(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    fs::path parent = fs::weakly_canonical(p.parent_path(), ec);
    if (ec) parent = p.parent_path();
    std::string name = p.filename().string();
    if (name.empty()) return parent.string();
    return (parent / name).string();
}

struct MountEntry {
    std::string mountpoint;
    std::string fstype;
    dev_t dev = 0;
};

std::vector<MountEntry> read_mountinfo() {
    std::vector<MountEntry> out;
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::string id, parent, devno, root, mp, word;
        ss >> id >> parent >> devno >> root >> mp;
        while (ss >> word && word != "-") {
        }
        std::string fstype;
        ss >> fstype;
        unsigned maj = 0, min = 0;
        std::sscanf(devno.c_str(), "%u:%u", &maj, &min);
        out.push_back({unescape(mp), fstype, makedev(maj, min)});
    }
    return out;
}

bool try_unmount(const std::string& path, bool lazy) {
    if (geteuid() == 0) {
        if (::umount2(path.c_str(), lazy ? MNT_DETACH : 0) == 0) return true;
        if (errno == EINVAL && !is_mount_point(path)) return true;  // gone meanwhile
        return false;
    }
    std::vector<std::string> args = {"fusermount3", "-u", "-q"};
    if (lazy) args.push_back("-z");
    args.push_back(path);
    if (run_quietly(args)) return true;
    args[0] = "fusermount";  // FUSE 2 drivers (ntfs-3g's own, fusefat)
    return run_quietly(args);
}

}  // namespace

bool run_quietly(const std::vector<std::string>& argv) {
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        int null = ::open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execvp(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool is_mount_point(const std::string& path) { return !mount_type_of(path).empty(); }

std::string mount_type_of(const std::string& path) {
    std::string want = canonical_mount_path(path);
    std::string type;
    for (const auto& m : read_mountinfo())
        if (m.mountpoint == want) type = m.fstype;  // the last one is on top
    return type;
}

dev_t mount_device_of(const std::string& path) {
    std::string want = canonical_mount_path(path);
    dev_t dev = 0;
    for (const auto& m : read_mountinfo())
        if (m.mountpoint == want) dev = m.dev;
    return dev;
}

Result<UnmountOutcome> unmount_path(const std::string& path, int busy_retry_ms) {
    UnmountOutcome out;
    std::string mp = canonical_mount_path(path);
    if (!is_mount_point(mp)) return out;
    out.was_mounted = true;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_retry_ms);
    while (true) {
        if (try_unmount(mp, false)) return out;
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (try_unmount(mp, true)) {
        out.detached_lazily = true;
        return out;
    }
    return fail(Errc::io,
                fmt::format("Could not unmount {}. Close any window or terminal that uses it, then run "
                            "`bderescue umount {}` again.",
                            mp, mp),
                std::strerror(errno));
}

}  // namespace bde
