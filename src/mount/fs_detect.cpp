#include "mount/fs_detect.hpp"

#include <cstring>
#include <vector>

#include "bde/filesystem_signature.hpp"

namespace bde {
namespace {

bool has(std::span<const std::uint8_t> s, std::size_t at, const char* text) {
    std::size_t n = std::strlen(text);
    return s.size() >= at + n && std::memcmp(s.data() + at, text, n) == 0;
}

}  // namespace

FsType detect_filesystem(std::span<const std::uint8_t> s) {
    // Still encrypted: the BitLocker header, or BitLocker To Go's FAT-looking one (told apart by its GUID).
    if (has(s, 3, "-FVE-FS-")) return FsType::bitlocker;
    static const std::uint8_t to_go_guid[16] = {0x3B, 0xD6, 0x67, 0x49, 0x29, 0x2E, 0xD8, 0x4A,
                                                0x83, 0x99, 0xF6, 0xA3, 0x39, 0xE3, 0xD0, 0x01};
    if (has(s, 3, "MSWIN4.1") && s.size() >= 0xA0 + 16 && std::memcmp(s.data() + 0xA0, to_go_guid, 16) == 0)
        return FsType::bitlocker;
    auto name = filesystem_of_boot_sector(s);
    if (!name) return FsType::unknown;
    if (*name == "NTFS") return FsType::ntfs;
    if (*name == "exFAT") return FsType::exfat;
    if (*name == "ReFS") return FsType::refs;
    if (*name == "FAT32") return FsType::fat32;
    if (*name == "FAT12") return FsType::fat12;
    return FsType::fat16;  // "FAT16" and the generic "FAT": the same driver reads them
}

Result<FsType> detect_filesystem(const BlockSource& source) {
    std::vector<std::uint8_t> sector(std::max<std::uint32_t>(source.sector_size(), 512));
    auto r = source.read_at(0, sector);
    if (!r && r.error().code == Errc::io)
        return fail(Errc::io,
                    "The first sector of the volume (its boot sector) cannot be read: the drive has bad sectors "
                    "there, so its files cannot be opened directly. Save the whole volume with `bderescue image` "
                    "(it skips unreadable sectors and records them); file-recovery tools can work on that image.",
                    r.error().message);
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
