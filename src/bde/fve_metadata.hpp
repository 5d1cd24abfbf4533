#pragma once
// One FVE metadata block, parsed: the block header (state, conversion boundary, where the three copies
// and the relocated boot sectors are), the metadata header (volume GUID, method, creation time) and
// the entries we use (protectors with their wrapped keys, the wrapped FVEK, description, header block).
// Unknown entry and value types are skipped: Windows adds new ones over time.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "keys/key_id.hpp"
#include "util/error.hpp"
#include "util/secure_buffer.hpp"

namespace bde {

// An AES-CCM wrapped key: 12-byte nonce, 16-byte tag, ciphertext (a key container once decrypted).
struct WrappedKey {
    std::uint16_t entry_type = 0;  // 0x0000 usually; 0x0012/0x0013 for the copies nested in a recovery stretch key
    std::array<std::uint8_t, 12> nonce{};
    std::array<std::uint8_t, 16> tag{};
    std::vector<std::uint8_t> ciphertext;
};

struct VmkRecord {
    KeyId id;
    std::uint16_t protection = 0;     // 0x0000 clear, 0x0100 TPM, 0x0200 startup key, 0x0800 recovery, 0x2000 password...
    std::uint64_t modified_filetime = 0;
    std::optional<std::array<std::uint8_t, 16>> salt;  // from the stretch key (password, recovery password)
    std::vector<WrappedKey> wrapped_vmk;     // the VMK, wrapped by this protector's key
    std::vector<WrappedKey> stretch_nested;  // wrapped by the VMK (the recovery key itself, among others)
    SecureBuffer clear_key;                  // clear-key protector: the key that unwraps the VMK
    std::string name;                        // "DiskPassword", "ExternalKey" when present
};

struct FveMetadata {
    // Block header.
    std::uint16_t block_version = 0;  // 1 Vista, 2 Windows 7 and later
    std::uint16_t current_state = 0;
    std::uint16_t next_state = 0;
    std::uint64_t encrypted_size = 0;       // bytes from the start that are encrypted (Windows 7+)
    std::uint32_t conversion_size = 0;      // area being converted right now (state 2)
    std::uint32_t header_sectors = 0;       // relocated boot sectors, in sectors
    std::array<std::uint64_t, 3> copy_offsets{};
    std::uint64_t header_backup_offset = 0; // Windows 7+: where the boot sectors went; Vista: MFT mirror cluster
    std::size_t block_size = 0;             // bytes covered by the block's CRC-32
    bool checksum_verified = false;         // false when the block has no validation area (Vista)
    // Metadata header.
    KeyId volume_id;
    std::uint16_t method = 0;
    std::uint64_t created_filetime = 0;
    // Entries.
    std::string description;
    std::vector<VmkRecord> vmks;
    std::optional<WrappedKey> wrapped_fvek;
    std::optional<std::uint64_t> header_block_offset;
    std::optional<std::uint64_t> header_block_size;
    int skipped_entries = 0;  // unknown entry or value types
};

inline constexpr std::size_t kFveBlockHeaderSize = 64;
inline constexpr std::size_t kFveMetadataHeaderSize = 48;
inline constexpr std::size_t kFveMaxBlockSize = 64 * 1024;

// Parses a block read at a metadata copy's offset (up to kFveMaxBlockSize bytes). Pure: no I/O.
// Errc::corrupt with the reason when the block is damaged (bad signature, checksum, sizes, entries).
Result<FveMetadata> parse_fve_metadata(std::span<const std::uint8_t> block);

}  // namespace bde
