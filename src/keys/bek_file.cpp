#include "keys/bek_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <vector>

#include "bde/fve_entries.hpp"
#include "bde/le_bytes.hpp"

namespace bde {
namespace {

// Entry and value types only .BEK files use; the shared ones are in bde/fve_entries.hpp.
constexpr std::uint16_t kEntryVolumeGuid = 0x0019;  // seen in Windows 11 .BEK files
constexpr std::uint16_t kValueVolumeGuid = 0x0017;
constexpr std::size_t kExternalKeyHeader = 16 + 8;  // key ID GUID + FILETIME, then nested entries
constexpr std::size_t kStartupKeySize = 32;

std::uint32_t u32(std::span<const std::uint8_t> b, std::size_t at) { return le32(b.data() + at); }

std::unexpected<Error> damaged(std::string detail) {
    return fail(Errc::corrupt,
                "This startup key file (.BEK) is damaged and cannot be used. If you have another copy of it, "
                "or the 48-digit recovery key, use that instead.",
                std::move(detail));
}

std::size_t offset_in(std::span<const std::uint8_t> file, std::span<const std::uint8_t> part) {
    return static_cast<std::size_t>(part.data() - file.data());
}
std::size_t entry_offset(std::span<const std::uint8_t> file, const FveEntry& e) {
    return offset_in(file, e.data) - kEntryHeaderSize;
}

// The entries of an area of the file. Unlike volume metadata, a .BEK is never padded inside its declared
// size: entries must fill the area exactly, so a zero-size entry or bytes left over mean damage.
Result<std::vector<FveEntry>> entries_filling(std::span<const std::uint8_t> file, std::span<const std::uint8_t> area) {
    auto entries = split_entries(area);
    if (!entries) return damaged(fmt::format("entries at offset {}: {}", offset_in(file, area), entries.error().detail));
    std::size_t used = 0;
    for (const FveEntry& e : *entries) used += kEntryHeaderSize + e.data.size();
    if (used != area.size())
        return damaged(fmt::format("{} stray bytes at offset {} where an entry should start", area.size() - used,
                                   offset_in(file, area) + used));
    return entries;
}

}  // namespace

bool looks_like_bek(std::span<const std::uint8_t> head, std::uint64_t file_size) {
    if (head.size() < 16 || file_size < kBekHeaderSize || file_size > kBekMaxSize) return false;
    std::uint32_t size = u32(head, 0);
    return size == u32(head, 12) && u32(head, 4) == 1 && u32(head, 8) == kBekHeaderSize && size >= kBekHeaderSize &&
           size <= file_size;
}

Result<StartupKeyFile> parse_bek(std::span<const std::uint8_t> b) {
    if (b.size() < kBekHeaderSize)
        return damaged(fmt::format("{} bytes, shorter than the {}-byte header", b.size(), kBekHeaderSize));
    if (b.size() > kBekMaxSize) return damaged(fmt::format("{} bytes, far larger than a startup key file", b.size()));
    std::uint32_t size = u32(b, 0), version = u32(b, 4), header_size = u32(b, 8), size_copy = u32(b, 12);
    if (version != 1 || header_size != kBekHeaderSize)
        return damaged(fmt::format("header version {} / header size {} (expected 1 / {})", version, header_size,
                                   kBekHeaderSize));
    if (size != size_copy) return damaged(fmt::format("the two size fields disagree ({} vs {})", size, size_copy));
    if (size < kBekHeaderSize || size > b.size())
        return damaged(fmt::format("the header says {} bytes but the file has {}", size, b.size()));
    for (std::size_t i = size; i < b.size(); ++i)
        if (b[i] != 0) return damaged(fmt::format("{} unexpected bytes after the {}-byte key data", b.size() - size, size));

    KeyId header_id = KeyId::from_disk_bytes(b.data() + 16);
    auto top = entries_filling(b, b.subspan(kBekHeaderSize, size - kBekHeaderSize));
    if (!top) return std::unexpected(top.error());

    for (const FveEntry& e : *top) {
        if (e.entry_type != entry_type::startup_key || e.value_type != value_type::external_key) continue;
        if (e.data.size() < kExternalKeyHeader)
            return damaged(fmt::format("external key entry at offset {} is only {} bytes", entry_offset(b, e),
                                       e.data.size()));
        KeyId entry_id = KeyId::from_disk_bytes(e.data.data());
        if (entry_id != header_id)
            return damaged(fmt::format("header names key {} but its key entry names {}", header_id.str(), entry_id.str()));
        auto nested = entries_filling(b, e.data.subspan(kExternalKeyHeader));
        if (!nested) return std::unexpected(nested.error());

        StartupKeyFile out;
        out.key_id = header_id;
        for (const FveEntry& n : *nested) {
            if (n.value_type == value_type::key) {
                // u32 encryption method, then the key itself.
                if (n.data.size() != 4 + kStartupKeySize)
                    return damaged(fmt::format("key entry at offset {} holds {} bytes instead of {}", entry_offset(b, n),
                                               n.data.size(), 4 + kStartupKeySize));
                if (!out.key.empty()) return damaged("the file holds two keys");
                out.key = SecureBuffer(n.data.subspan(4));
            } else if (n.entry_type == kEntryVolumeGuid && n.value_type == kValueVolumeGuid) {
                if (n.data.size() != 16)
                    return damaged(fmt::format("volume GUID entry at offset {} has {} bytes", entry_offset(b, n),
                                               n.data.size()));
                out.volume_id = KeyId::from_disk_bytes(n.data.data());
            }
        }
        if (out.key.empty()) return damaged("the external key entry holds no key");
        return out;
    }
    return fail(Errc::not_found,
                "This .BEK file holds no startup key. Look for another .BEK file or use the 48-digit recovery key.",
                fmt::format("{} entries, none of type 0x0006/0x0009", top->size()));
}

Result<StartupKeyFile> read_bek_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Errc::not_found, fmt::format("Cannot open the startup key file {}.", path));
    std::vector<std::uint8_t> bytes(kBekMaxSize + 1);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    auto bek = bytes.size() > kBekMaxSize
                   ? Result<StartupKeyFile>(fail(Errc::corrupt, "too large", "larger than 64 KiB"))
                   : parse_bek(bytes);
    secure_wipe(bytes.data(), bytes.size());
    if (!bek)
        return fail(Errc::malformed_key, fmt::format("{} is not a BitLocker startup key (.BEK) file.", path),
                    bek.error().detail.empty() ? bek.error().message : bek.error().detail);
    return bek;
}

}  // namespace bde
