#include "bek_file.hpp"

#include "byte_writer.hpp"
#include "fve_crypto.hpp"
#include "metadata_builder.hpp"

namespace bdegen {
namespace {

constexpr std::uint16_t kEntryStartupKey = 0x0006;
constexpr std::uint16_t kEntryVolumeGuid = 0x0019;  // Windows 11 only
constexpr std::uint16_t kValueGuid = 0x0017;
constexpr std::uint32_t kMethodExternalKey = 0x2002;

void header(ByteWriter& w, std::size_t size, std::uint16_t type, std::uint16_t value) {
    w.u16(static_cast<std::uint16_t>(size));
    w.u16(type);
    w.u16(value);
    w.u16(1);
}

}  // namespace

std::vector<std::uint8_t> build_bek_file(const ProtectorPlan& p, const bde::KeyId& volume_id, BekLayout layout) {
    ByteWriter props;
    auto name = utf16le("ExternalKey");
    name->insert(name->end(), {0, 0});
    header(props, 8 + name->size(), fve::kEntryProperty, fve::kValueString);
    props.bytes(*name);
    if (layout == BekLayout::windows11) {
        header(props, 8 + 16, kEntryVolumeGuid, kValueGuid);
        props.bytes(volume_id.disk_bytes());
    }
    header(props, 8 + 4 + p.secret.size(), fve::kEntryProperty, fve::kValueKey);
    props.u32(kMethodExternalKey);
    props.bytes(p.secret.span());

    ByteWriter entry;
    header(entry, 8 + 24 + props.size(), kEntryStartupKey, fve::kValueExternalKey);
    entry.bytes(p.id.disk_bytes());
    entry.u64(p.modified);
    entry.bytes(props.data());

    ByteWriter file;
    const std::uint32_t size = static_cast<std::uint32_t>(48 + entry.size());
    file.u32(size);
    file.u32(1);
    file.u32(48);
    file.u32(size);
    file.bytes(p.id.disk_bytes());  // the header names the key, not the volume
    file.u32(1);                    // next nonce counter
    file.u32(0);                    // no encryption method
    file.u64(p.modified);
    file.bytes(entry.data());
    bde::secure_wipe(props.data().data(), props.size());
    bde::secure_wipe(entry.data().data(), entry.size());
    return file.data();
}

std::string bek_file_name(const ProtectorPlan& p) { return p.id.str() + ".BEK"; }

}  // namespace bdegen
