#include "mount/fs_detect.hpp"

#include <cstring>
#include <vector>

namespace bde {
namespace {

bool has(std::span<const std::uint8_t> s, std::size_t at, const char* text) {
    std::size_t n = std::strlen(text);
    return s.size() >= at + n && std::memcmp(s.data() + at, text, n) == 0;
}

std::uint32_t le16(std::span<const std::uint8_t> s, std::size_t at) { return s[at] | (s[at + 1] << 8); }
std::uint32_t le32(std::span<const std::uint8_t> s, std::size_t at) {
    return s[at] | (s[at + 1] << 8) | (s[at + 2] << 16) | (static_cast<std::uint32_t>(s[at + 3]) << 24);
}

// A FAT BIOS parameter block that makes sense; the type follows from the cluster count (as the FAT
// specification defines it), not from the advisory label text.
FsType fat_type(std::span<const std::uint8_t> s) {
    if (s.size() < 512 || s[510] != 0x55 || s[511] != 0xAA) return FsType::unknown;
    std::uint32_t bytes_per_sector = le16(s, 11);
    std::uint32_t sectors_per_cluster = s[13];
    std::uint32_t reserved = le16(s, 14);
    std::uint32_t fats = s[16];
    std::uint32_t root_entries = le16(s, 17);
    std::uint32_t total = le16(s, 19) ? le16(s, 19) : le32(s, 32);
    std::uint32_t fat_size = le16(s, 22) ? le16(s, 22) : le32(s, 36);
    bool pow2_bps = bytes_per_sector >= 512 && bytes_per_sector <= 4096 && !(bytes_per_sector & (bytes_per_sector - 1));
    bool pow2_spc = sectors_per_cluster && !(sectors_per_cluster & (sectors_per_cluster - 1));
    if (!pow2_bps || !pow2_spc || !reserved || !fats || !total || !fat_size) return FsType::unknown;
    std::uint64_t root_sectors = (root_entries * 32ull + bytes_per_sector - 1) / bytes_per_sector;
    std::uint64_t meta = reserved + static_cast<std::uint64_t>(fats) * fat_size + root_sectors;
    if (meta >= total) return FsType::unknown;
    std::uint64_t clusters = (total - meta) / sectors_per_cluster;
    if (clusters < 4085) return FsType::fat12;
    if (clusters < 65525) return FsType::fat16;
    return FsType::fat32;
}

}  // namespace

FsType detect_filesystem(std::span<const std::uint8_t> s) {
    if (has(s, 3, "NTFS    ")) return FsType::ntfs;
    if (has(s, 3, "EXFAT   ")) return FsType::exfat;
    if (has(s, 3, "-FVE-FS-")) return FsType::bitlocker;
    if (has(s, 3, "ReFS")) return FsType::refs;
    // BitLocker To Go keeps a FAT-looking boot sector around its metadata; its GUID tells it apart.
    static const std::uint8_t to_go_guid[16] = {0x3B, 0xD6, 0x67, 0x49, 0x29, 0x2E, 0xD8, 0x4A,
                                                0x83, 0x99, 0xF6, 0xA3, 0x39, 0xE3, 0xD0, 0x01};
    if (has(s, 3, "MSWIN4.1") && s.size() >= 0xA0 + 16 && std::memcmp(s.data() + 0xA0, to_go_guid, 16) == 0)
        return FsType::bitlocker;
    return fat_type(s);
}

Result<FsType> detect_filesystem(const BlockSource& source) {
    std::vector<std::uint8_t> sector(std::max<std::uint32_t>(source.sector_size(), 512));
    auto r = source.read_at(0, sector);
    if (!r) return std::unexpected(r.error());
    return detect_filesystem(std::span<const std::uint8_t>(sector.data(), *r));
}

const char* fs_type_name(FsType t) {
    switch (t) {
        case FsType::ntfs: return "NTFS";
        case FsType::fat12: return "FAT12";
        case FsType::fat16: return "FAT16";
        case FsType::fat32: return "FAT32";
        case FsType::exfat: return "exFAT";
        case FsType::refs: return "ReFS";
        case FsType::bitlocker: return "BitLocker (still encrypted)";
        case FsType::unknown: return "unknown";
    }
    return "unknown";
}

}  // namespace bde
