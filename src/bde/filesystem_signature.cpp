#include "bde/filesystem_signature.hpp"

#include <cstring>

#include "bde/le_bytes.hpp"

namespace bde {
namespace {

bool at(std::span<const std::uint8_t> s, std::size_t offset, const char* text) {
    std::size_t n = std::strlen(text);
    return s.size() >= offset + n && std::memcmp(s.data() + offset, text, n) == 0;
}

bool plausible_bpb(std::span<const std::uint8_t> s) {
    std::uint16_t bps = le16(s.data() + 11);
    std::uint8_t spc = s[13];
    bool bps_ok = bps == 512 || bps == 1024 || bps == 2048 || bps == 4096;
    bool spc_ok = spc != 0 && (spc & (spc - 1)) == 0;
    return bps_ok && spc_ok;
}

}  // namespace

std::optional<std::string> filesystem_of_boot_sector(std::span<const std::uint8_t> s) {
    if (s.size() < 512) return std::nullopt;
    const bool signature = s[510] == 0x55 && s[511] == 0xAA;
    if (at(s, 3, "NTFS    ") && signature && plausible_bpb(s)) return "NTFS";
    if (at(s, 3, "EXFAT   ") && signature) return "exFAT";
    if (at(s, 3, "ReFS")) return "ReFS";
    if (signature && plausible_bpb(s)) {
        if (at(s, 82, "FAT32   ")) return "FAT32";
        if (at(s, 54, "FAT16   ")) return "FAT16";
        if (at(s, 54, "FAT12   ")) return "FAT12";
        if (at(s, 54, "FAT     ")) return "FAT";
    }
    return std::nullopt;
}

}  // namespace bde
