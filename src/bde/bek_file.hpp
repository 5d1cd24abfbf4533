#pragma once
// A BitLocker startup key file (.BEK): a 48-byte header whose GUID is the key ID (and the file name),
// then one external-key entry (0x0006/0x0009) holding the 32-byte key; Windows 11 adds the volume GUID.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "keys/key_id.hpp"
#include "util/error.hpp"
#include "util/secure_buffer.hpp"

namespace bde {

struct BekFile {
    KeyId key_id;
    SecureBuffer key;                // 32 bytes
    std::optional<KeyId> volume_id;  // Windows 11 .BEK files name their volume
};

// Errc::malformed_key when the bytes are not a startup key file.
Result<BekFile> parse_bek(std::span<const std::uint8_t> bytes);
// Reads and parses a .BEK file (at most 64 KiB). Errc::not_found / Errc::io / Errc::malformed_key.
Result<BekFile> read_bek_file(const std::string& path);

}  // namespace bde
