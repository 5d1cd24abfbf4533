#pragma once
// Which block devices are mounted where (from /proc/self/mountinfo), and how full they are.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bde::discovery {

struct Mount {
    std::string dev;         // "8:2" as the kernel reports it (FUSE mounts report their own 0:N)
    std::string root;        // the directory of the file system mounted there ("/" unless a bind mount)
    std::string mountpoint;  // escapes decoded
    std::string fs_type;     // "ext4", "fuseblk", ...
    std::string source;      // "/dev/sda2" (what was mounted)
};

std::vector<Mount> parse_mountinfo(std::string_view text);
std::vector<Mount> read_mounts();  // of this process's mount namespace

// Where the device with kernel number `dev` ("8:2") or node `device_path` is mounted: the mount of its
// whole file system ("/") first, the first bind mount otherwise. Nothing when it is not mounted.
std::optional<Mount> find_mount(const std::vector<Mount>& mounts, const std::string& dev, const std::string& device_path);

struct SpaceUsage {
    std::uint64_t size = 0;
    std::uint64_t free = 0;  // what an ordinary user may still write
};
std::optional<SpaceUsage> space_usage(const std::string& mountpoint);

}  // namespace bde::discovery
