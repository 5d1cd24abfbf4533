#include "volume_plan.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <ctime>

#include "byte_writer.hpp"
#include "fve_crypto.hpp"
#include "keys/recovery_password.hpp"

namespace bdegen {
namespace {

// With --seed and no explicit time, every run gets the same creation time: 2026-11-25 10:00 UTC.
constexpr std::int64_t kSeededCreationTime = 1795600800;

std::string default_description(std::int64_t unix_time) {
    std::time_t t = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    // Windows writes the computer name, the drive letter and the local date in the US short format.
    return fmt::format("DESKTOP-BDEGEN C: {}/{}/{}", tm.tm_mon + 1, tm.tm_mday, tm.tm_year + 1900);
}

// Recovery password and password: the stretched secret wraps the VMK.
ProtectorPlan stretched_protector(ProtectorKind kind, bde::SecureBuffer secret, const bde::SecureBuffer& stretch_input,
                                  RandomSource& random) {
    ProtectorPlan p;
    p.kind = kind;
    p.id = random.guid();
    random.fill(p.salt);
    p.secret = std::move(secret);
    p.wrapping_key = stretch_key(std::span<const std::uint8_t, 32>(stretch_input.data(), 32), p.salt);
    p.opaque = random.bytes(32);
    return p;
}

// Startup key and clear key: a random 32-byte key wraps the VMK directly.
ProtectorPlan key_protector(ProtectorKind kind, RandomSource& random) {
    ProtectorPlan p;
    p.kind = kind;
    p.id = random.guid();
    p.secret = random.bytes(32);
    p.wrapping_key = p.secret;
    return p;
}

}  // namespace

const char* protector_kind_name(ProtectorKind k) {
    switch (k) {
        case ProtectorKind::clear_key: return "clear_key";
        case ProtectorKind::startup_key: return "startup_key";
        case ProtectorKind::recovery_password: return "recovery_password";
        case ProtectorKind::password: return "password";
    }
    return "unknown";
}

std::uint64_t filetime_from_unix(std::int64_t unix_seconds) {
    return static_cast<std::uint64_t>(unix_seconds + 11644473600LL) * 10000000ULL;
}

bde::Result<Geometry> read_geometry(int fd, std::uint64_t volume_size, std::uint32_t sector_size,
                                    std::uint32_t hidden_sectors) {
    std::uint8_t s[512] = {};
    if (::pread(fd, s, sizeof s, 0) != static_cast<ssize_t>(sizeof s))
        return bde::fail(bde::Errc::io, "Cannot read the first sector of the plaintext image.");
    Geometry g;
    std::uint32_t fs_sector_size = 0;
    auto at = [&](std::size_t off, const char* text) { return std::memcmp(s + off, text, std::strlen(text)) == 0; };
    if (at(3, "NTFS    ")) g.file_system = "ntfs";
    else if (at(3, "EXFAT   ")) g.file_system = "exfat";
    else if (at(82, "FAT32   ") || at(54, "FAT16   ") || at(54, "FAT12   ")) g.file_system = "fat";
    else g.file_system = "unknown";

    if (g.file_system == "ntfs" || g.file_system == "fat") {
        fs_sector_size = load_u16(s + 11);
        g.sectors_per_cluster = s[13];
        g.media = s[21];
        g.sectors_per_track = load_u16(s + 24);
        g.heads = load_u16(s + 26);
        g.hidden_sectors = load_u32(s + 28);
    } else if (g.file_system == "exfat") {
        fs_sector_size = s[108] < 16 ? 1u << s[108] : 0;
    }
    if (fs_sector_size != 0 && fs_sector_size != sector_size)
        return bde::fail(bde::Errc::usage,
                         fmt::format("The {} file system in the plaintext image uses {}-byte sectors, but the volume "
                                     "is to have {}-byte sectors: give --sector-size {}.",
                                     g.file_system, fs_sector_size, sector_size, fs_sector_size));
    if (hidden_sectors != 0) g.hidden_sectors = hidden_sectors;
    if (g.file_system != "ntfs" && volume_size / sector_size <= 0xFFFFFFFFu)
        g.total_sectors32 = static_cast<std::uint32_t>(volume_size / sector_size);
    return g;
}

bde::Result<VolumePlan> make_plan(const VolumeOptions& o, std::uint64_t volume_size, const Geometry& geometry,
                                  const Layout& layout, RandomSource& random) {
    if (o.recovery_passwords.empty() && o.passwords.empty() && o.startup_keys == 0 && !o.clear_key)
        return bde::fail(bde::Errc::usage,
                         "Give at least one protector: --recovery-password, --random-recovery-password, --password, "
                         "--bek-dir or --clear-key.");
    VolumePlan plan;
    plan.method = o.method;
    plan.sector_size = o.sector_size;
    plan.volume_size = volume_size;
    plan.paused = o.paused;
    plan.encrypted_bytes = o.paused ? o.encrypted_bytes.value_or(0) : volume_size;
    if (plan.encrypted_bytes > volume_size || plan.encrypted_bytes % o.sector_size != 0)
        return bde::fail(bde::Errc::usage,
                         fmt::format("--encrypted-bytes must be a multiple of the sector size ({}) and at most the "
                                     "volume size ({}).",
                                     o.sector_size, volume_size));
    plan.layout = layout;
    plan.geometry = geometry;

    std::int64_t unix_time = o.creation_unix_time.value_or(
        random.deterministic() ? kSeededCreationTime
                               : std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
    plan.created = filetime_from_unix(unix_time);
    plan.description = o.description.value_or(default_description(unix_time));

    plan.volume_id = random.guid();
    plan.fvek = random.bytes(fvek_size(o.method));
    plan.vmk = random.bytes(32);

    for (const auto& digits : o.recovery_passwords) {
        bde::Result<bde::RecoveryPassword> rp = digits.empty()
                                                    ? bde::RecoveryPassword::from_key(random.bytes(16).span())
                                                    : bde::RecoveryPassword::parse(digits);
        if (!rp) return std::unexpected(rp.error());
        plan.protectors.push_back(
            stretched_protector(ProtectorKind::recovery_password, rp->key(), recovery_stretch_input(*rp), random));
    }
    for (const auto& password : o.passwords) {
        if (password.empty()) return bde::fail(bde::Errc::usage, "A BitLocker password cannot be empty.");
        auto input = password_stretch_input(password);
        if (!input) return std::unexpected(input.error());
        plan.protectors.push_back(
            stretched_protector(ProtectorKind::password, bde::SecureBuffer::from_string(password), *input, random));
    }
    for (int i = 0; i < o.startup_keys; ++i) plan.protectors.push_back(key_protector(ProtectorKind::startup_key, random));
    if (o.clear_key) plan.protectors.push_back(key_protector(ProtectorKind::clear_key, random));
    for (auto& p : plan.protectors) p.modified = plan.created;
    return plan;
}

}  // namespace bdegen
