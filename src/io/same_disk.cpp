#include "io/same_disk.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>

namespace bde {
namespace fs = std::filesystem;

namespace {

std::string read_line(const fs::path& p) {
    std::ifstream in(p);
    std::string s;
    std::getline(in, s);
    return s;
}

void collect_disks(const fs::path& sys_dev, std::set<std::string>& out, int depth) {
    std::error_code ec;
    fs::path real = fs::canonical(sys_dev, ec);
    if (ec || depth > 8) return;
    // A partition's sysfs directory sits inside its disk's directory and has a "partition" file.
    fs::path disk = fs::exists(real / "partition") ? real.parent_path() : real;
    // device-mapper / md: the disks underneath are listed in slaves/.
    bool stacked = false;
    for (const fs::path& holder : {real / "slaves", disk / "slaves"}) {
        if (!fs::is_directory(holder, ec)) continue;
        for (const auto& e : fs::directory_iterator(holder, ec)) {
            stacked = true;
            collect_disks(e.path(), out, depth + 1);
        }
    }
    // A loop device is on whatever disk holds its backing file.
    std::string backing = read_line(disk / "loop" / "backing_file");
    if (!backing.empty()) {
        struct stat st{};
        if (stat(backing.c_str(), &st) == 0) {
            auto sub = physical_disks_of(st.st_dev);
            out.insert(sub.begin(), sub.end());
        }
        return;
    }
    if (!stacked) out.insert(disk.filename().string());
}

// The nearest existing ancestor of p (p itself if it exists).
fs::path existing_ancestor(fs::path p) {
    std::error_code ec;
    p = fs::absolute(p, ec);
    while (!p.empty() && !fs::exists(p, ec) && p != p.root_path()) p = p.parent_path();
    return p;
}

}  // namespace

std::set<std::string> physical_disks_of(dev_t dev) {
    std::set<std::string> out;
    if (major(dev) == 0) return out;  // anonymous device: tmpfs, FUSE, overlay
    collect_disks(fmt::format("/sys/dev/block/{}:{}", major(dev), minor(dev)), out, 0);
    return out;
}

Result<void> ensure_destination_not_on_source(const std::string& source_path, const std::string& dest_path) {
    struct stat src{};
    if (stat(source_path.c_str(), &src) != 0) return {};  // nothing to compare against
    fs::path dest = existing_ancestor(dest_path);
    struct stat dst{};
    if (dest.empty() || stat(dest.c_str(), &dst) != 0) return {};

    if (S_ISREG(src.st_mode) && src.st_dev == dst.st_dev && src.st_ino == dst.st_ino)
        return fail(Errc::destination,
                    fmt::format("{} is the source image itself. Choose another file name or drive.", dest_path));

    std::set<std::string> source_disks;
    if (S_ISBLK(src.st_mode)) source_disks = physical_disks_of(src.st_rdev);
    if (source_disks.empty()) return {};
    std::set<std::string> dest_disks = physical_disks_of(S_ISBLK(dst.st_mode) ? dst.st_rdev : dst.st_dev);
    for (const auto& d : dest_disks)
        if (source_disks.count(d))
            return fail(Errc::destination,
                        fmt::format("{} is on the same disk ({}) as the volume being rescued. Writing there could "
                                    "overwrite the data you want to save: choose a folder on another drive, "
                                    "such as a USB disk.",
                                    dest_path, d));
    return {};
}

}  // namespace bde
