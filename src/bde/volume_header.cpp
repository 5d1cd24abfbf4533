#include "bde/volume_header.hpp"

#include <fmt/format.h>

#include <cstring>

#include "bde/le_bytes.hpp"

namespace bde {
namespace {

constexpr char kFveSignature[] = "-FVE-FS-";
constexpr char kToGoSignature[] = "MSWIN4.1";
constexpr std::size_t kGuidOffset = 160;       // Windows 7 and later
constexpr std::size_t kToGoGuidOffset = 424;   // BitLocker To Go on FAT
constexpr std::size_t kVistaMetadataLcn = 56;

// The header GUIDs as stored on disk (mixed-endian); compared as KeyId.
const KeyId& normal_guid() {
    static const KeyId id = *KeyId::parse("4967D63B-2E29-4AD8-8399-F6A339E3D001");
    return id;
}
const KeyId& eow_guid() {
    static const KeyId id = *KeyId::parse("92A84D3B-DD80-4D0E-9E4E-B1E3284EAED8");
    return id;
}

bool valid_sector_size(std::uint32_t s) { return s == 512 || s == 1024 || s == 2048 || s == 4096; }

}  // namespace

Result<VolumeHeader> parse_volume_header(std::span<const std::uint8_t> s) {
    if (s.size() < kBootSectorSize)
        return fail(Errc::not_bitlocker, "The volume is too small to hold a BitLocker header.");
    VolumeHeader h;
    const bool fve = std::memcmp(s.data() + 3, kFveSignature, 8) == 0;
    const bool togo_signature = std::memcmp(s.data() + 3, kToGoSignature, 8) == 0;
    std::size_t guid_at = 0;
    if (fve) {
        // Vista's boot code jumps over a shorter BPB (EB 52 90) and has no GUID or offsets table.
        h.flavor = (s[0] == 0xEB && s[1] == 0x52) ? HeaderFlavor::vista : HeaderFlavor::seven;
        guid_at = kGuidOffset;
    } else if (togo_signature) {
        h.flavor = HeaderFlavor::to_go;
        guid_at = kToGoGuidOffset;
    } else {
        return fail(Errc::not_bitlocker, "No BitLocker signature on this volume.");
    }

    std::uint32_t bps = le16(s.data() + 11);
    h.sector_size = bps == 0 ? 512 : bps;
    if (!valid_sector_size(h.sector_size))
        return fail(Errc::corrupt, "The BitLocker volume header is damaged (impossible sector size).",
                    fmt::format("bytes per sector {}", bps));
    h.sectors_per_cluster = s[13] ? s[13] : 1;

    if (h.flavor == HeaderFlavor::vista) {
        std::uint64_t lcn = le64(s.data() + kVistaMetadataLcn);
        std::uint64_t cluster = static_cast<std::uint64_t>(h.sectors_per_cluster) * h.sector_size;
        if (lcn == 0 || lcn > UINT64_MAX / cluster)
            return fail(Errc::corrupt, "The BitLocker (Vista) volume header is damaged (no metadata location).");
        h.metadata_offsets[0] = lcn * cluster;
        return h;
    }

    h.header_guid = KeyId::from_disk_bytes(s.data() + guid_at);
    if (h.header_guid == eow_guid()) h.encrypt_on_write = true;
    else if (h.header_guid != normal_guid()) h.unknown_guid = true;
    // A To Go signature alone is any FAT32 volume: without the BitLocker GUID it is not ours.
    if (h.flavor == HeaderFlavor::to_go && h.unknown_guid)
        return fail(Errc::not_bitlocker, "No BitLocker signature on this volume.");
    for (int i = 0; i < 3; ++i) h.metadata_offsets[i] = le64(s.data() + guid_at + 16 + 8 * i);
    return h;
}

}  // namespace bde
