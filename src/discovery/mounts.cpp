#include "discovery/mounts.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace bde::discovery {
namespace {

// mountinfo writes space, tab, newline and backslash as \040 \011 \012 \134.
std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto octal = [&](std::size_t k) { return s[k] >= '0' && s[k] <= '7'; };
        if (s[i] == '\\' && i + 3 < s.size() && octal(i + 1) && octal(i + 2) && octal(i + 3)) {
            out.push_back(static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
            i += 3;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

std::string canonical_or_same(const std::string& path) {
    std::error_code ec;
    auto p = std::filesystem::canonical(path, ec);
    return ec ? path : p.string();
}

}  // namespace

std::vector<Mount> parse_mountinfo(std::string_view text) {
    // "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
    std::vector<Mount> mounts;
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::vector<std::string> f;
        for (std::string w; fields >> w;) f.push_back(w);
        auto dash = std::find(f.begin(), f.end(), "-");
        if (f.size() < 5 || dash == f.end() || f.end() - dash < 3) continue;
        mounts.push_back(Mount{f[2], unescape(f[3]), unescape(f[4]), *(dash + 1), unescape(*(dash + 2))});
    }
    return mounts;
}

std::vector<Mount> read_mounts() {
    std::ifstream in("/proc/self/mountinfo");
    try {  // libstdc++'s filebuf throws on a read error
        return parse_mountinfo(std::string(std::istreambuf_iterator<char>(in), {}));
    } catch (const std::exception&) {
        return {};
    }
}

std::optional<Mount> find_mount(const std::vector<Mount>& mounts, const std::string& dev, const std::string& device_path) {
    std::optional<Mount> found;
    for (const auto& m : mounts) {
        bool same = m.dev == dev || (m.source.starts_with("/dev/") && canonical_or_same(m.source) == device_path);
        if (!same) continue;
        if (m.root == "/") return m;
        if (!found) found = m;
    }
    return found;
}

std::optional<SpaceUsage> space_usage(const std::string& mountpoint) {
    struct statvfs st{};
    // Some FUSE drivers (fusefat) report no blocks at all: size and free space are unknown, not zero.
    if (statvfs(mountpoint.c_str(), &st) != 0 || st.f_blocks == 0) return std::nullopt;
    return SpaceUsage{static_cast<std::uint64_t>(st.f_blocks) * st.f_frsize,
                      static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize};
}

}  // namespace bde::discovery
