#pragma once
// Everything that defines one generated volume: the options as given, and the keys, IDs, salts and
// placement derived from them. Built once, then serialised by metadata_builder and volume_writer.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "keys/key_id.hpp"
#include "layout.hpp"
#include "random_source.hpp"
#include "sector_cipher.hpp"
#include "util/error.hpp"
#include "util/secure_buffer.hpp"

namespace bdegen {

enum class ProtectorKind : std::uint16_t {
    clear_key = 0x0000,
    startup_key = 0x0200,
    recovery_password = 0x0800,
    password = 0x2000,
};
const char* protector_kind_name(ProtectorKind k);  // "recovery_password", ...

struct ProtectorPlan {
    ProtectorKind kind = ProtectorKind::clear_key;
    bde::KeyId id;
    std::uint64_t modified = 0;  // FILETIME
    // What opens it: the 48 digits as text, the UTF-8 password, or the 32-byte startup/clear key.
    bde::SecureBuffer secret;
    // The key that wraps the VMK: the stretched key (recovery/password) or the 32-byte key itself.
    bde::SecureBuffer wrapping_key;
    std::array<std::uint8_t, 16> salt{};  // stretch salt (recovery/password)
    // Windows stores 32 further bytes under the VMK in recovery and password protectors; their
    // meaning is unknown, readers ignore them: random here.
    bde::SecureBuffer opaque;
};

// What the user asked for (the command line, minus file names).
struct VolumeOptions {
    Method method = Method::aes_xts_128;
    std::uint32_t sector_size = 512;
    std::vector<std::string> recovery_passwords;  // given digits; empty string = make a random one
    std::vector<std::string> passwords;
    int startup_keys = 0;
    bool clear_key = false;
    std::optional<std::string> description;
    bool paused = false;
    std::optional<std::uint64_t> encrypted_bytes;  // paused: bytes converted so far
    std::optional<std::uint64_t> seed;
    std::optional<std::int64_t> creation_unix_time;  // default: now, or a fixed date with --seed
    std::uint32_t hidden_sectors = 0;  // partition start, as Windows records it in the boot sector
};

// Boot-sector fields Windows carries over from the file system it encrypted.
struct Geometry {
    std::uint8_t sectors_per_cluster = 8;
    std::uint8_t media = 0xF8;
    std::uint16_t sectors_per_track = 63;
    std::uint16_t heads = 255;
    std::uint32_t hidden_sectors = 0;
    // Windows leaves the BitLocker header's sector count at 0 for NTFS (readers then take the size
    // from the decrypted NTFS boot sector). For other file systems it is filled in, because libbde
    // 20190102 finds no size otherwise.
    std::uint32_t total_sectors32 = 0;
    std::string file_system;  // "ntfs", "fat", "exfat", "unknown"
};

struct VolumePlan {
    Method method = Method::aes_xts_128;
    std::uint32_t sector_size = 512;
    std::uint64_t volume_size = 0;
    std::uint64_t encrypted_bytes = 0;  // == volume_size unless paused
    bool paused = false;
    bde::KeyId volume_id;
    std::string description;
    std::uint64_t created = 0;  // FILETIME
    std::uint32_t windows_build = 19045;  // Windows 10 22H2, recorded in the volume-header entry
    bde::SecureBuffer fvek;
    bde::SecureBuffer vmk;
    std::vector<ProtectorPlan> protectors;
    Layout layout;
    Geometry geometry;
};

std::uint64_t filetime_from_unix(std::int64_t unix_seconds);

// Derives keys, IDs and salts (stretching each password: about a quarter second each).
bde::Result<VolumePlan> make_plan(const VolumeOptions& options, std::uint64_t volume_size, const Geometry& geometry,
                                  const Layout& layout, RandomSource& random);

// Reads the plaintext's first sector to carry its geometry over; checks the sector size matches.
bde::Result<Geometry> read_geometry(int plain_fd, std::uint64_t volume_size, std::uint32_t sector_size,
                                    std::uint32_t hidden_sectors);

}  // namespace bdegen
