#include "bde/fve_metadata.hpp"

#include <fmt/format.h>

#include <cstring>

#include "bde/fve_entries.hpp"
#include "bde/le_bytes.hpp"
#include "bde/utf16.hpp"
#include "crypto/crc32.hpp"

namespace bde {
namespace {

constexpr char kSignature[] = "-FVE-FS-";

std::unexpected<Error> damaged(std::string detail) {
    return fail(Errc::corrupt, "This copy of the BitLocker metadata is damaged.", std::move(detail));
}

std::optional<WrappedKey> parse_wrapped_key(const FveEntry& e) {
    if (e.data.size() <= 12 + 16) return std::nullopt;
    WrappedKey k;
    k.entry_type = e.entry_type;
    std::memcpy(k.nonce.data(), e.data.data(), 12);
    std::memcpy(k.tag.data(), e.data.data() + 12, 16);
    k.ciphertext.assign(e.data.begin() + 28, e.data.end());
    return k;
}

// The properties inside a VMK entry (and one level deeper, inside its stretch key).
Result<void> parse_vmk_properties(std::span<const std::uint8_t> area, VmkRecord& vmk, int& skipped) {
    auto props = split_entries(area);
    if (!props) return std::unexpected(props.error());
    for (const FveEntry& p : *props) {
        switch (p.value_type) {
            case value_type::stretch_key: {
                if (p.data.size() < 20) return damaged("stretch key entry too short");
                std::array<std::uint8_t, 16> salt{};
                std::memcpy(salt.data(), p.data.data() + 4, 16);
                vmk.salt = salt;
                auto nested = split_entries(p.data.subspan(20));
                if (!nested) return std::unexpected(nested.error());
                for (const FveEntry& n : *nested) {
                    if (n.value_type != value_type::aes_ccm_key) continue;
                    if (auto k = parse_wrapped_key(n)) vmk.stretch_nested.push_back(std::move(*k));
                }
                break;
            }
            case value_type::aes_ccm_key:
                if (auto k = parse_wrapped_key(p)) vmk.wrapped_vmk.push_back(std::move(*k));
                else return damaged("wrapped VMK entry too short");
                break;
            case value_type::key:
                if (p.data.size() <= 4) return damaged("clear key entry too short");
                vmk.clear_key = SecureBuffer(p.data.subspan(4));
                break;
            case value_type::unicode_string:
                if (vmk.name.empty()) vmk.name = utf16le_to_utf8(p.data);
                break;
            default:
                ++skipped;  // TPM blobs, smart-card certificates, hints, backup records...
                break;
        }
    }
    return {};
}

Result<void> parse_entries(std::span<const std::uint8_t> area, FveMetadata& m) {
    auto entries = split_entries(area);
    if (!entries) return std::unexpected(entries.error());
    for (const FveEntry& e : *entries) {
        if (e.entry_type == entry_type::vmk && e.value_type == value_type::volume_master_key) {
            if (e.data.size() < 28) return damaged("protector entry too short");
            VmkRecord vmk;
            vmk.id = KeyId::from_disk_bytes(e.data.data());
            vmk.modified_filetime = le64(e.data.data() + 16);
            vmk.protection = le16(e.data.data() + 26);
            if (auto r = parse_vmk_properties(e.data.subspan(28), vmk, m.skipped_entries); !r)
                return std::unexpected(r.error());
            m.vmks.push_back(std::move(vmk));
        } else if (e.entry_type == entry_type::fvek && e.value_type == value_type::aes_ccm_key) {
            if (!m.wrapped_fvek) {
                m.wrapped_fvek = parse_wrapped_key(e);
                if (!m.wrapped_fvek) return damaged("FVEK entry too short");
            }
        } else if (e.entry_type == entry_type::description && e.value_type == value_type::unicode_string) {
            if (m.description.empty()) m.description = utf16le_to_utf8(e.data);
        } else if (e.entry_type == entry_type::volume_header_block && e.value_type == value_type::offset_and_size) {
            if (e.data.size() < 8) return damaged("volume header entry too short");
            m.header_block_offset = le64(e.data.data());
            if (e.data.size() >= 16) m.header_block_size = le64(e.data.data() + 8);
        } else {
            ++m.skipped_entries;
        }
    }
    return {};
}

}  // namespace

Result<FveMetadata> parse_fve_metadata(std::span<const std::uint8_t> b) {
    if (b.size() < kFveBlockHeaderSize + kFveMetadataHeaderSize) return damaged("block truncated");
    if (b.size() > kFveMaxBlockSize) b = b.first(kFveMaxBlockSize);
    if (std::memcmp(b.data(), kSignature, 8) != 0) return damaged("no -FVE-FS- signature");
    FveMetadata m;
    const std::uint8_t* p = b.data();
    std::uint16_t size_field = le16(p + 8);
    m.block_version = le16(p + 10);
    if (m.block_version != 1 && m.block_version != 2)
        return damaged(fmt::format("unknown block version {}", m.block_version));
    m.current_state = le16(p + 12);
    m.next_state = le16(p + 14);
    m.encrypted_size = le64(p + 16);
    m.conversion_size = le32(p + 24);
    m.header_sectors = le32(p + 28);
    for (int i = 0; i < 3; ++i) m.copy_offsets[i] = le64(p + 32 + 8 * i);
    m.header_backup_offset = le64(p + 56);

    // Windows 7+ counts the block in 16-byte units; a validation area with a CRC-32 follows it.
    m.block_size = m.block_version >= 2 ? std::size_t{size_field} * 16 : size_field;
    if (m.block_version >= 2) {
        if (m.block_size < kFveBlockHeaderSize + kFveMetadataHeaderSize || m.block_size + 8 > b.size())
            return damaged(fmt::format("block size {} out of range", m.block_size));
        const std::uint8_t* v = p + m.block_size;
        std::uint16_t vsize = le16(v), vversion = le16(v + 2);
        if (vsize < 8 || vversion == 0 || vversion > 2)
            return damaged("validation area missing");
        if (crypto::crc32(b.first(m.block_size)) != le32(v + 4)) return damaged("checksum mismatch");
        m.checksum_verified = true;
    }

    const std::uint8_t* h = p + kFveBlockHeaderSize;
    std::uint32_t metadata_size = le32(h);
    std::uint32_t header_size = le32(h + 8);
    if (header_size != kFveMetadataHeaderSize)
        return damaged(fmt::format("metadata header size {}", header_size));
    std::size_t limit = m.block_version >= 2 ? m.block_size : b.size();
    if (metadata_size < kFveMetadataHeaderSize || metadata_size > limit - kFveBlockHeaderSize)
        return damaged(fmt::format("metadata size {} out of range", metadata_size));
    m.volume_id = KeyId::from_disk_bytes(h + 16);
    m.method = le16(h + 36);
    m.created_filetime = le64(h + 40);

    auto area = b.subspan(kFveBlockHeaderSize + kFveMetadataHeaderSize, metadata_size - kFveMetadataHeaderSize);
    if (auto r = parse_entries(area, m); !r) return std::unexpected(r.error());
    return m;
}

}  // namespace bde
