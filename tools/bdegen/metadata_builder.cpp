#include "metadata_builder.hpp"

#include <array>
#include <stdexcept>

#include "byte_writer.hpp"
#include "fve_crypto.hpp"
#include "layout.hpp"

namespace bdegen {
namespace {

// Volume-type GUIDs at offset 160 of the volume header, in disk byte order: the normal one, and the
// "encrypt on write" one Windows sets while a conversion is unfinished.
constexpr std::uint8_t kBitLockerVolumeGuid[16] = {0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a,
                                                   0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01};
constexpr std::uint8_t kEncryptOnWriteGuid[16] = {0x3b, 0x4d, 0xa8, 0x92, 0x80, 0xdd, 0x0e, 0x4d,
                                                  0x9e, 0x4e, 0xb1, 0xe3, 0x28, 0x4e, 0xae, 0xd8};

// Key-data methods inside sealed payloads (the upper range is "AES-CCM 256 key" by purpose).
constexpr std::uint32_t kMethodRecoveryKey = 0x1000;
constexpr std::uint32_t kMethodStretchRecovery = 0x1000;
constexpr std::uint32_t kMethodStretchPassword = 0x1001;
constexpr std::uint32_t kMethodClearKey = 0x2000;
constexpr std::uint32_t kMethodExternalKey = 0x2002;
constexpr std::uint32_t kMethodVmk = 0x2003;
constexpr std::uint32_t kMethodValidationHash = 0x2005;
constexpr std::uint32_t kMethodPasswordOpaque = 0x2007;
constexpr std::uint32_t kMethodRecoveryOpaque = 0x2008;

constexpr std::uint16_t kStateEncrypted = 4;
constexpr std::uint16_t kStateConversionPaused = 5;

// Nonces are {FILETIME, counter}; the metadata header records the next free counter.
class NonceSource {
public:
    explicit NonceSource(std::uint64_t filetime) : filetime_(filetime) {}
    Nonce next() {
        Nonce n{};
        for (int i = 0; i < 8; ++i) n[i] = static_cast<std::uint8_t>(filetime_ >> (8 * i));
        for (int i = 0; i < 4; ++i) n[8 + i] = static_cast<std::uint8_t>(counter_ >> (8 * i));
        ++counter_;
        return n;
    }
    std::uint32_t peek() const { return counter_; }

private:
    std::uint64_t filetime_;
    std::uint32_t counter_ = 1;
};

void entry_header(ByteWriter& w, std::size_t size, std::uint16_t type, std::uint16_t value, std::uint16_t version) {
    if (size > 0xFFFF) throw std::length_error("metadata entry too large");
    w.u16(static_cast<std::uint16_t>(size));
    w.u16(type);
    w.u16(value);
    w.u16(version);
}

void append_entry(ByteWriter& w, std::uint16_t type, std::uint16_t value, std::uint16_t version,
                  std::span<const std::uint8_t> payload) {
    entry_header(w, 8 + payload.size(), type, value, version);
    w.bytes(payload);
}

// The key datum sealed inside an AES-CCM entry: {size u16, 0, 1, 0, method u32, key}.
bde::SecureBuffer key_datum(std::uint32_t method, std::span<const std::uint8_t> key) {
    ByteWriter w;
    w.u16(static_cast<std::uint16_t>(12 + key.size()));
    w.u16(0);
    w.u16(fve::kValueKey);
    w.u16(0);
    w.u32(method);
    w.bytes(key);
    bde::SecureBuffer out(w.data().data(), w.size());
    bde::secure_wipe(w.data().data(), w.size());
    return out;
}

void append_sealed(ByteWriter& w, std::uint16_t type, const bde::SecureBuffer& key, NonceSource& nonces,
                   std::uint32_t method, std::span<const std::uint8_t> secret) {
    Nonce nonce = nonces.next();
    bde::SecureBuffer plain = key_datum(method, secret);
    CcmSealed sealed = aes_ccm_seal(key, nonce, plain.span());
    entry_header(w, 8 + 12 + 16 + sealed.ciphertext.size(), type, fve::kValueAesCcm, 1);
    w.bytes(nonce);
    w.bytes(sealed.mac);
    w.bytes(sealed.ciphertext);
}

std::vector<std::uint8_t> protector_properties(const VolumePlan& plan, const ProtectorPlan& p, NonceSource& nonces) {
    ByteWriter props;
    switch (p.kind) {
        case ProtectorKind::recovery_password:
        case ProtectorKind::password: {
            // Stretch key: method, salt, then values sealed with the VMK so Windows can show them later
            // (for a recovery password: the 16-byte recovery key itself).
            ByteWriter stretch;
            bool recovery = p.kind == ProtectorKind::recovery_password;
            stretch.u32(recovery ? kMethodStretchRecovery : kMethodStretchPassword);
            stretch.bytes(p.salt);
            if (recovery) {
                append_sealed(stretch, fve::kEntryRecoveryKeyBackup, plan.vmk, nonces, kMethodRecoveryKey, p.secret.span());
                append_sealed(stretch, fve::kEntryRecoveryOpaque, plan.vmk, nonces, kMethodRecoveryOpaque, p.opaque.span());
            } else {
                append_sealed(stretch, fve::kEntryProperty, plan.vmk, nonces, kMethodPasswordOpaque, p.opaque.span());
            }
            append_entry(props, fve::kEntryProperty, fve::kValueStretchKey, 1, stretch.data());
            break;
        }
        case ProtectorKind::startup_key: {
            auto name = utf16le("ExternalKey");
            name->insert(name->end(), {0, 0});
            append_entry(props, fve::kEntryProperty, fve::kValueString, 1, *name);
            ByteWriter use;
            use.u32(kMethodExternalKey);
            append_sealed(use, fve::kEntryProperty, plan.vmk, nonces, kMethodExternalKey, p.secret.span());
            append_entry(props, fve::kEntryProperty, fve::kValueUseKey, 1, use.data());
            break;
        }
        case ProtectorKind::clear_key: {
            ByteWriter key;
            key.u32(kMethodClearKey);
            key.bytes(p.secret.span());
            append_entry(props, fve::kEntryProperty, fve::kValueKey, 1, key.data());
            bde::secure_wipe(key.data().data(), key.size());
            break;
        }
    }
    // Last, the VMK sealed with the protector's key.
    append_sealed(props, fve::kEntryProperty, p.wrapping_key, nonces, kMethodVmk, plan.vmk.span());
    return props.data();
}

void append_vmk_entry(ByteWriter& w, const VolumePlan& plan, const ProtectorPlan& p, NonceSource& nonces) {
    std::vector<std::uint8_t> props = protector_properties(plan, p, nonces);
    // Windows 10 writes the clear-key VMK (protection suspended) as entry version 3.
    std::uint16_t version = p.kind == ProtectorKind::clear_key ? 3 : 1;
    entry_header(w, 8 + 28 + props.size(), fve::kEntryVmk, fve::kValueVmk, version);
    w.bytes(p.id.disk_bytes());
    w.u64(p.modified);
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(p.kind));
    w.bytes(props);
}

void append_volume_header_entry(ByteWriter& w, const VolumePlan& plan) {
    ByteWriter v;
    v.u64(plan.layout.boot_backup);
    v.u64(kBootBackupSize);
    // Windows 8+ extension: conversion bookkeeping. Values as Windows 10 writes them for a volume
    // that finished converting; the build number is informational.
    v.u16(5);
    v.u16(0x4C);
    v.u32(0);
    v.u64(plan.sector_size == 4096 ? 0x0B : 0x0A);  // flags
    v.u64(0);                                        // conversion log offset
    v.u32(0);                                        // conversion log size
    v.u32(plan.sector_size);
    v.u32(plan.sector_size);
    v.u32(0x0A);
    v.u32(0);
    v.u32(plan.windows_build);
    v.u32(2);
    v.u32(0);
    v.u32(0x02010110);
    v.u64(plan.layout.conversion_area);
    v.u32(static_cast<std::uint32_t>(kConversionAreaSize));
    v.u32(0);
    append_entry(w, fve::kEntryVolumeHeader, fve::kValueVolumeHeader, 1, v.data());
}

std::vector<std::uint8_t> metadata_entries(const VolumePlan& plan, NonceSource& nonces) {
    ByteWriter w;
    auto description = utf16le(plan.description);
    if (!description) throw std::invalid_argument("description is not valid UTF-8");
    description->insert(description->end(), {0, 0});
    append_entry(w, fve::kEntryDescription, fve::kValueString, 1, *description);
    for (const auto& p : plan.protectors) append_vmk_entry(w, plan, p, nonces);
    append_sealed(w, fve::kEntryFvek, plan.vmk, nonces, static_cast<std::uint32_t>(plan.method), plan.fvek.span());
    append_volume_header_entry(w, plan);
    return w.data();
}

}  // namespace

std::uint32_t crc32(std::span<const std::uint8_t> data) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::uint8_t b : data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::vector<std::uint8_t> build_metadata_area(const VolumePlan& plan) {
    NonceSource nonces(plan.created);
    std::vector<std::uint8_t> entries = metadata_entries(plan, nonces);
    const std::uint32_t metadata_size = static_cast<std::uint32_t>(48 + entries.size());
    const std::size_t block_size = (64 + metadata_size + 15) / 16 * 16;
    const std::uint32_t validation_counter = nonces.peek();

    ByteWriter w;
    // Block header (version 2).
    w.ascii("-FVE-FS-");
    w.u16(static_cast<std::uint16_t>(block_size / 16));
    w.u16(2);
    w.u16(plan.paused ? kStateConversionPaused : kStateEncrypted);
    w.u16(kStateEncrypted);
    w.u64(plan.encrypted_bytes);
    w.u32(0);  // size of the area being converted right now
    w.u32(static_cast<std::uint32_t>(kBootBackupSize / plan.sector_size));
    for (std::uint64_t offset : plan.layout.metadata) w.u64(offset);
    w.u64(plan.layout.boot_backup);
    // Metadata header (version 1).
    w.u32(metadata_size);
    w.u32(1);
    w.u32(48);
    w.u32(metadata_size);
    w.bytes(plan.volume_id.disk_bytes());
    w.u32(validation_counter + 1);  // next free nonce counter
    w.u16(static_cast<std::uint16_t>(plan.method));
    w.u16(static_cast<std::uint16_t>(plan.method));
    w.u64(plan.created);
    w.bytes(entries);
    w.pad_to(block_size);

    // Validation: CRC-32 of the block, and its SHA-256 sealed with the VMK.
    std::span<const std::uint8_t> block(w.data().data(), block_size);
    std::uint32_t crc = crc32(block);
    auto hash = sha256(block);
    ByteWriter validation;
    validation.u16(static_cast<std::uint16_t>(0x10000 - block_size));  // Windows stores the rest of the 64 KiB
    validation.u16(2);
    validation.u32(crc);
    append_sealed(validation, fve::kEntryProperty, plan.vmk, nonces, kMethodValidationHash, hash);
    w.bytes(validation.data());
    if (w.size() > kMetadataAreaSize) throw std::length_error("FVE metadata does not fit in 64 KiB");
    w.pad_to(kMetadataAreaSize);
    return w.data();
}

std::vector<std::uint8_t> build_volume_header(const VolumePlan& plan) {
    const Geometry& g = plan.geometry;
    ByteWriter w;
    w.bytes(std::array<std::uint8_t, 3>{0xEB, 0x58, 0x90});
    w.ascii("-FVE-FS-");
    w.u16(static_cast<std::uint16_t>(plan.sector_size));
    w.u8(g.sectors_per_cluster);
    w.u16(0);  // reserved sectors
    w.u8(0);   // FATs
    w.u16(0);  // root entries
    w.u16(0);  // sectors (16-bit)
    w.u8(g.media);
    w.u16(0);
    w.u16(g.sectors_per_track);
    w.u16(g.heads);
    w.u32(g.hidden_sectors);
    w.u32(g.total_sectors32);
    // The rest of a FAT32-style BPB, as Windows fills it in.
    w.u32(0x1FE0);
    w.u16(0);
    w.u16(0);
    w.u32(0);
    w.u16(1);
    w.u16(6);
    w.zeros(12);
    w.u8(0x80);
    w.u8(0);
    w.u8(0x29);
    w.u32(0);
    w.ascii("NO NAME    ");
    w.ascii("FAT32   ");
    // Boot code at offset 90: just "int 18h" (no bootable system here), then halt.
    w.bytes(std::array<std::uint8_t, 5>{0xCD, 0x18, 0xF4, 0xEB, 0xFD});
    w.pad_to(160);
    w.bytes(plan.paused ? std::span<const std::uint8_t>(kEncryptOnWriteGuid) : std::span<const std::uint8_t>(kBitLockerVolumeGuid));
    for (std::uint64_t offset : plan.layout.metadata) w.u64(offset);
    // Windows pads the end of its boot code with 'x' and 0xFF. That also keeps partition-table probes
    // (blkid) from reading the sector as an empty MBR: no valid partition entry can start with 'x'.
    w.pad_to(0x198);
    while (w.size() < 0x1E8) w.u8('x');
    while (w.size() < 0x1FB) w.u8(0xFF);
    w.pad_to(510);
    w.u8(0x55);
    w.u8(0xAA);
    w.pad_to(plan.sector_size);
    return w.data();
}

}  // namespace bdegen
