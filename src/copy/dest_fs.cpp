#include "copy/dest_fs.hpp"

#include <blkid/blkid.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "util/ascii_case.hpp"

namespace bde {
namespace {

constexpr long kMsdosMagic = 0x4d44;
constexpr long kExfatMagic = 0x2011BAB0;
constexpr long kNtfsMagic = 0x5346544e;  // ntfs3 and the old ntfs driver
constexpr long kFuseMagic = 0x65735546;

// For a FUSE mount: the fstype and source device from mountinfo (ntfs-3g shows "fuseblk /dev/sdb1").
std::pair<std::string, std::string> fuse_mount_of(dev_t dev) {
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    std::string want = fmt::format("{}:{}", major(dev), minor(dev));
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::string id, parent, devno, word;
        ss >> id >> parent >> devno;
        if (devno != want) continue;
        while (ss >> word && word != "-") {
        }
        std::string fstype, source;
        ss >> fstype >> source;
        return {fstype, source};
    }
    return {};
}

std::string blkid_type(const std::string& device) {
    std::string type;
    blkid_probe pr = blkid_new_probe_from_filename(device.c_str());
    if (!pr) return type;
    blkid_probe_enable_superblocks(pr, 1);
    blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
    const char* value = nullptr;
    if (blkid_do_safeprobe(pr) == 0 && blkid_probe_lookup_value(pr, "TYPE", &value, nullptr) == 0 && value)
        type = value;
    blkid_free_probe(pr);
    return type;
}

DestFsKind kind_of_name(const std::string& name) {
    if (name == "vfat" || name == "msdos" || name == "fat" || name == "fusefat") return DestFsKind::fat;
    if (name == "exfat") return DestFsKind::exfat;
    if (name == "ntfs" || name == "ntfs3" || name == "ntfs-3g") return DestFsKind::ntfs;
    return DestFsKind::posix;
}

}  // namespace

DestLimits limits_for(DestFsKind kind, std::string fs_name) {
    DestLimits l;
    l.kind = kind;
    l.fs_name = std::move(fs_name);
    switch (kind) {
        case DestFsKind::fat:
            l.max_file_size = 0xFFFFFFFFull;
            l.windows_names = l.case_insensitive = true;
            l.max_path_bytes = 255 * 3;  // Windows tools choke on longer paths
            break;
        case DestFsKind::exfat:
        case DestFsKind::ntfs:
            l.windows_names = l.case_insensitive = true;
            break;
        default: break;
    }
    return l;
}

Result<DestLimits> probe_destination(const std::string& dir) {
    struct statfs sf{};
    if (::statfs(dir.c_str(), &sf) != 0)
        return fail(Errc::destination, fmt::format("Cannot use {} as destination.", dir), std::strerror(errno));
    DestLimits l;
    long magic = static_cast<long>(sf.f_type);
    if (magic == kMsdosMagic) l = limits_for(DestFsKind::fat, "vfat");
    else if (magic == kExfatMagic) l = limits_for(DestFsKind::exfat, "exfat");
    else if (magic == kNtfsMagic) l = limits_for(DestFsKind::ntfs, "ntfs");
    else if (magic == kFuseMagic) {
        struct stat st{};
        ::stat(dir.c_str(), &st);
        auto [fstype, source] = fuse_mount_of(st.st_dev);
        std::string type = fstype;
        if (fstype == "fuseblk" || fstype == "fuse") type = blkid_type(source);
        else if (fstype.starts_with("fuse.")) type = fstype.substr(5);
        l = limits_for(kind_of_name(type), type.empty() ? fstype : type);
    } else {
        std::string name = magic == 0xEF53 ? "ext4" : magic == 0x01021994 ? "tmpfs" : magic == 0x58465342 ? "xfs"
                         : magic == static_cast<long>(0x9123683E) ? "btrfs" : fmt::format("0x{:x}", magic);
        l = limits_for(DestFsKind::posix, name);
    }
    struct statvfs sv{};
    if (::statvfs(dir.c_str(), &sv) == 0) {
        l.free_bytes = static_cast<std::uint64_t>(sv.f_bavail) * sv.f_frsize;
        l.free_known = sv.f_blocks != 0;
        l.read_only = sv.f_flag & ST_RDONLY;
        if (sv.f_namemax && sv.f_namemax < l.max_name_bytes) l.max_name_bytes = sv.f_namemax;
    }
    return l;
}

std::string dest_safe_name(const std::string& name, const DestLimits& limits) {
    std::string out = name;
    if (limits.windows_names) {
        for (auto& c : out)
            if (std::strchr(":*?\"<>|\\", c) || (c > 0 && c < 0x20)) c = '_';
        while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
        if (out.empty()) out = "_";
        std::string stem = out.substr(0, out.find('.'));
        static const char* reserved[] = {"CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5",
                                         "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4",
                                         "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"};
        for (const char* r : reserved)
            if (iequals(stem, r)) {
                out.insert(stem.size(), "_");
                break;
            }
    }
    // Windows file systems count a name in UTF-16 units (255 at most), Linux ones in bytes.
    auto length = [&](std::string_view s) {
        if (!limits.windows_names) return s.size();
        std::size_t units = 0;
        for (unsigned char c : s) {
            if ((c & 0xC0) == 0x80) continue;  // continuation byte
            units += c >= 0xF0 ? 2 : 1;        // 4-byte sequences become surrogate pairs
        }
        return units;
    };
    std::size_t limit = limits.windows_names ? 255 : limits.max_name_bytes;
    if (length(out) > limit) {
        auto dot = out.rfind('.');
        std::string ext = dot != std::string::npos && out.size() - dot <= 16 ? out.substr(dot) : "";
        std::string stem = out.substr(0, out.size() - ext.size());
        while (!stem.empty() && length(stem) + length(ext) > limit) {
            // Drop one whole character: its continuation bytes, then its lead byte.
            while (!stem.empty()) {
                unsigned char c = static_cast<unsigned char>(stem.back());
                stem.pop_back();
                if ((c & 0xC0) != 0x80) break;
            }
        }
        out = stem + ext;
    }
    return out;
}

}  // namespace bde
