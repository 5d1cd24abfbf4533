#pragma once
// BitLocker startup-key files (<KEY ID>.BEK): an FVE-metadata-style header followed by metadata entries, one
// of which (type 0x0006 startup key, value type 0x0009 external key) holds the 32-byte key. Windows 10
// writes 156 bytes; Windows 11 adds an entry (0x0019 / 0x0017) with the volume's GUID, 180 bytes.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "keys/key_id.hpp"
#include "util/error.hpp"
#include "util/secure_buffer.hpp"

namespace bde {

struct StartupKeyFile {
    KeyId key_id;                    // the protector it opens (= the file name)
    std::optional<KeyId> volume_id;  // the BitLocker volume, when the file names it (Windows 11)
    SecureBuffer key;                // 32 bytes
};

inline constexpr std::size_t kBekHeaderSize = 48;
inline constexpr std::size_t kBekMaxSize = 64 * 1024;  // real files are 156 or 180 bytes

// Cheap check on the first bytes of a file (and its size) before reading it all: the header's size
// fields agree with the file size and its own length.
bool looks_like_bek(std::span<const std::uint8_t> head, std::uint64_t file_size);

// Errc::corrupt for anything truncated, out of bounds or inconsistent; Errc::not_found when the file is
// well-formed but holds no startup key.
Result<StartupKeyFile> parse_bek(std::span<const std::uint8_t> bytes);

// Reads and parses a .BEK file the user named (at most kBekMaxSize bytes). Errc::not_found when it is
// missing, Errc::malformed_key when it is not a startup key file.
Result<StartupKeyFile> read_bek_file(const std::string& path);

}  // namespace bde
