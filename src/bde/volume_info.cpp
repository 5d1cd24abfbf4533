// read_volume_info: what a BitLocker volume says about itself, without any key.
#include "bde/volume_info.hpp"

#include <fmt/format.h>

#include "bde/filesystem_signature.hpp"
#include "bde/fve_reader.hpp"

namespace bde {
namespace {

constexpr std::uint64_t kFileTimeUnixEpoch = 116444736000000000ULL;  // 1970-01-01 in FILETIME

EncryptionMethod method_from_raw(std::uint16_t raw) {
    switch (raw) {
        case 0x8000: return EncryptionMethod::aes_cbc_128_diffuser;
        case 0x8001: return EncryptionMethod::aes_cbc_256_diffuser;
        case 0x8002: return EncryptionMethod::aes_cbc_128;
        case 0x8003: return EncryptionMethod::aes_cbc_256;
        case 0x8004: return EncryptionMethod::aes_xts_128;
        case 0x8005: return EncryptionMethod::aes_xts_256;
        default: return EncryptionMethod::unknown;
    }
}

ProtectorType protector_from_raw(std::uint16_t raw) {
    switch (raw) {
        case 0x0000: return ProtectorType::clear_key;
        case 0x0100: return ProtectorType::tpm;
        case 0x0200: return ProtectorType::startup_key;
        case 0x0800: return ProtectorType::recovery_password;
        case 0x1000: return ProtectorType::smart_card;
        case 0x2000: return ProtectorType::password;
        default: break;
    }
    // 0x0500 TPM+PIN, 0x0300 TPM+startup key, 0x0700 TPM+PIN+startup key: all need the original TPM.
    if (raw & 0x0100) return ProtectorType::tpm_pin;
    return ProtectorType::unknown;
}

// Block-header states: 1 decrypted, 2 converting, 3 encrypt-on-write, 4 encrypted, 5 conversion paused.
VolumeState state_from(const FveMetadata& m, bool encrypt_on_write, std::uint64_t volume_size) {
    if (m.block_version < 2) return VolumeState::fully_encrypted;  // Vista: no conversion fields
    switch (m.current_state) {
        case 2: return m.next_state == 1 ? VolumeState::decrypting : VolumeState::encrypting;
        case 5: return VolumeState::paused;
        case 1: return VolumeState::decrypting;
        case 3: return VolumeState::partially_encrypted;
        case 4:
            if (encrypt_on_write || m.encrypted_size < volume_size) return VolumeState::partially_encrypted;
            return VolumeState::fully_encrypted;
        default: return VolumeState::unknown;
    }
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> from_filetime(std::uint64_t ft) {
    if (ft == 0 || ft < kFileTimeUnixEpoch) return std::nullopt;
    // A damaged timestamp can lie past what the clock holds (year 2262 with nanosecond ticks): unknown.
    constexpr auto kLatest = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::duration::max());
    const std::uint64_t micros = (ft - kFileTimeUnixEpoch) / 10;
    if (micros > static_cast<std::uint64_t>(kLatest.count())) return std::nullopt;
    auto since_epoch = std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::microseconds(static_cast<std::int64_t>(micros)));
    return std::chrono::system_clock::time_point(since_epoch);
}

bool looks_like_bitlocker(const BlockSource& source) {
    std::array<std::uint8_t, kBootSectorSize> sector{};
    if (source.size() < sector.size()) return false;
    auto n = source.read_at(0, sector);
    return n && *n == sector.size() && parse_volume_header(sector).has_value();
}

Result<VolumeInfo> read_volume_info(const BlockSource& source) {
    auto copies = read_fve_metadata(source);
    if (!copies) return std::unexpected(copies.error());
    const VolumeHeader& h = copies->header;
    const FveMetadata& m = copies->metadata;

    VolumeInfo info;
    info.kind = h.flavor == HeaderFlavor::to_go ? VolumeKind::bitlocker_to_go : VolumeKind::bitlocker;
    info.vista = h.flavor == HeaderFlavor::vista;
    info.encrypt_on_write = h.encrypt_on_write;
    info.volume_id = m.volume_id;
    info.description = m.description;
    info.created = from_filetime(m.created_filetime);
    info.raw_method = m.method;
    info.method = method_from_raw(m.method);
    info.sector_size = h.sector_size;
    info.volume_size = source.size() / h.sector_size * h.sector_size;
    info.metadata_offsets.assign(h.metadata_offsets.begin(), h.metadata_offsets.end());
    info.good_metadata_copies = copies->good;
    info.metadata_copy_used = copies->used;

    if (info.vista) {
        std::uint64_t cluster = std::uint64_t{h.sectors_per_cluster} * h.sector_size;
        info.metadata_area_size = (cluster + 0x3FFF) & ~(cluster - 1);
        info.vista_mft_mirror_cluster = m.header_backup_offset;
        info.encrypted_size = info.volume_size;
    } else {
        info.metadata_area_size = kFveMaxBlockSize;
        info.encrypted_size = std::min(m.encrypted_size, info.volume_size);
        info.header_backup_offset = m.header_block_offset.value_or(m.header_backup_offset);
        info.header_backup_size = m.header_block_size.value_or(std::uint64_t{m.header_sectors} * h.sector_size);
        if (m.current_state == 2) info.conversion_size = m.conversion_size;
    }
    info.state = state_from(m, h.encrypt_on_write, info.volume_size);
    // Encrypt-on-write volumes can keep the moved boot sectors unencrypted: a readable boot sector
    // there cannot be ciphertext.
    if (info.header_backup_size && info.header_backup_offset + kBootSectorSize <= source.size()) {
        std::array<std::uint8_t, kBootSectorSize> sector{};
        if (read_exact(source, info.header_backup_offset, sector) && filesystem_of_boot_sector(sector))
            info.header_backup_encrypted = false;
    }

    for (const VmkRecord& v : m.vmks) {
        Protector p;
        p.raw_type = v.protection;
        p.type = protector_from_raw(v.protection);
        p.key_id = v.id;
        p.created = from_filetime(v.modified_filetime);
        if (p.type == ProtectorType::clear_key) info.clear_key = true;
        info.protectors.push_back(p);
    }

    for (int i = 0; i < 3; ++i)
        if (copies->problems[i])
            info.notes.push_back(fmt::format("Metadata copy {} of 3 is damaged ({}); copy {} is used instead. "
                                             "This does not stop the volume from opening.",
                                             i + 1,
                                             copies->problems[i]->detail.empty() ? copies->problems[i]->message
                                                                                 : copies->problems[i]->detail,
                                             copies->used + 1));
    if (info.method == EncryptionMethod::unknown)
        info.notes.push_back(fmt::format("Unknown encryption method 0x{:04X}: this volume cannot be decrypted here.", m.method));
    if (h.unknown_guid)
        info.notes.push_back("The volume header carries an unfamiliar BitLocker identifier; results may be incomplete.");
    if (h.encrypt_on_write)
        info.notes.push_back("Windows had not finished converting this volume (encrypt-on-write). Files written "
                             "since BitLocker was turned on are readable; free space may read as noise.");
    if (m.block_version >= 2 && m.encrypted_size > source.size())
        info.notes.push_back("The volume is smaller than its BitLocker metadata says: the disk or image may be truncated.");
    if (info.vista)
        info.notes.push_back("Windows Vista BitLocker format: decryption is cross-checked with libbde before use.");
    return info;
}

}  // namespace bde
