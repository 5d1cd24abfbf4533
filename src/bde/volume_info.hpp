#pragma once
// What a BitLocker volume says about itself, read from its unencrypted metadata without any key.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/block_source.hpp"
#include "keys/key_id.hpp"
#include "util/error.hpp"

namespace bde {

enum class VolumeKind { bitlocker, bitlocker_to_go };

enum class EncryptionMethod {
    aes_cbc_128_diffuser,  // 0x8000 (Vista/7)
    aes_cbc_256_diffuser,  // 0x8001
    aes_cbc_128,           // 0x8002
    aes_cbc_256,           // 0x8003
    aes_xts_128,           // 0x8004
    aes_xts_256,           // 0x8005
    unknown,
};

enum class ProtectorType {
    clear_key,            // 0x0000: protection suspended, opens with no secret
    tpm,                  // 0x0100
    startup_key,          // 0x0200: .BEK file
    tpm_pin,              // 0x0500 (and other TPM combinations)
    recovery_password,    // 0x0800: the 48 digits
    smart_card,           // 0x1000
    password,             // 0x2000
    unknown,
};

enum class VolumeState {
    fully_encrypted,
    encrypting,           // conversion running (Windows was interrupted while encrypting)
    decrypting,           // conversion running the other way
    paused,               // conversion paused by the user
    partially_encrypted,  // stopped part-way, for whatever reason
    unknown,
};

struct Protector {
    ProtectorType type = ProtectorType::unknown;
    std::uint16_t raw_type = 0;
    KeyId key_id;
    std::optional<std::chrono::system_clock::time_point> created;
    bool usable_offline() const;  // false for TPM-only and smart card
};

struct VolumeInfo {
    VolumeKind kind = VolumeKind::bitlocker;
    KeyId volume_id;                      // the volume GUID (FVE metadata)
    std::string description;              // "DESKTOP-B8H4DIM C: 3/21/2024"
    std::optional<std::chrono::system_clock::time_point> created;
    EncryptionMethod method = EncryptionMethod::unknown;
    std::uint16_t raw_method = 0;
    VolumeState state = VolumeState::unknown;
    bool clear_key = false;               // a clear-key protector exists (protection suspended)
    std::uint64_t volume_size = 0;        // bytes of the (decrypted) volume
    std::uint32_t sector_size = 512;
    std::uint64_t encrypted_size = 0;     // bytes converted so far (== volume_size when fully encrypted)
    std::vector<std::uint64_t> metadata_offsets;  // the three FVE metadata block offsets
    int good_metadata_copies = 0;         // how many of the three read and parsed
    std::vector<Protector> protectors;
    std::vector<std::string> notes;       // things worth telling the user ("metadata copy 2 is damaged")

    // Layout the decrypting reader needs (byte offsets within the volume).
    bool vista = false;                       // Windows Vista format (no relocated header, fixed-up boot sector)
    bool encrypt_on_write = false;            // header GUID 92A84D3B-...: conversion not finished
    std::uint64_t header_backup_offset = 0;   // where Windows moved the original boot sectors (encrypted)
    std::uint64_t header_backup_size = 0;     // how many bytes were moved (reads back at offset 0)
    bool header_backup_encrypted = true;      // false when stored in the clear (seen on encrypt-on-write volumes)
    std::uint64_t metadata_area_size = 0;     // bytes reserved at each metadata offset (read as zeros)
    std::uint64_t conversion_size = 0;        // area at encrypted_size being converted right now (zeros)
    std::uint64_t vista_mft_mirror_cluster = 0;
    int metadata_copy_used = -1;              // 0..2: the copy the information came from
};

// Converts a Windows FILETIME (100 ns since 1601); nullopt for 0.
std::optional<std::chrono::system_clock::time_point> from_filetime(std::uint64_t filetime);

// Reads the volume header and the first good FVE metadata copy. Milliseconds; needs no key.
// Errc::not_bitlocker when the source has no BitLocker signature.
Result<VolumeInfo> read_volume_info(const BlockSource& source);

// Cheap signature check on the first sector (used when scanning every partition).
bool looks_like_bitlocker(const BlockSource& source);

const char* method_name(EncryptionMethod m);       // "AES-XTS 128-bit"
const char* protector_name(ProtectorType t);       // "Recovery password"
const char* state_name(VolumeState s);             // "fully encrypted"
const char* kind_name(VolumeKind k);               // "bitlocker" / "bitlocker-to-go"
// What the user can do with this volume offline, e.g. "Use the recovery key with ID 1F9DA098-...".
std::vector<std::string> offline_advice(const VolumeInfo& info);

}  // namespace bde
