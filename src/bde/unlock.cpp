// unlock_volume: from a credential to the volume's keys, through whichever protector accepts it.
#include "bde/unlock.hpp"

#include <fmt/format.h>

#include "bde/decrypted_volume.hpp"
#include "bde/filesystem_signature.hpp"
#include "bde/fve_reader.hpp"
#include "bde/key_unwrap.hpp"
#include "bde/protector_key.hpp"
#include "bde/volume_keys.hpp"
#include "keys/recovery_password.hpp"

namespace bde {
namespace {

constexpr std::size_t kVmkSize = 32;

Protector protector_of(const VolumeInfo& info, const VmkRecord& vmk) {
    for (const Protector& p : info.protectors)
        if (p.key_id == vmk.id) return p;
    Protector p;
    p.key_id = vmk.id;
    p.raw_type = vmk.protection;
    return p;
}

std::string ids_of(const FveMetadata& m, std::uint16_t protection) {
    std::string out;
    for (const VmkRecord& v : m.vmks)
        if (v.protection == protection) out += (out.empty() ? "" : ", ") + v.id.str();
    return out;
}

std::string all_protectors(const VolumeInfo& info) {
    std::string out;
    for (const Protector& p : info.protectors)
        out += fmt::format("{}{} {}", out.empty() ? "" : "; ", protector_name(p.type), p.key_id.str());
    return out.empty() ? "none" : out;
}

Error no_protector_for(const Credential& c, const VolumeInfo& info) {
    return Error{Errc::wrong_key,
                 fmt::format("This volume has no {} protector, so a {} cannot open it. Its protectors: {}.",
                             credential_kind_name(c.kind), credential_kind_name(c.kind), all_protectors(info))};
}

Error wrong_key(const Credential& c, const FveMetadata& m, std::uint16_t protection) {
    std::string ids = ids_of(m, protection);
    switch (c.kind) {
        case Credential::Kind::recovery_password:
            return Error{Errc::wrong_key,
                         fmt::format("This recovery key is well-formed but does not open this volume. The volume's "
                                     "recovery key has ID {}: check that your key carries the same ID.", ids)};
        case Credential::Kind::password:
            return Error{Errc::wrong_key, "The password is not correct for this volume (check the keyboard "
                                          "layout and Caps Lock)."};
        case Credential::Kind::startup_key:
            return Error{Errc::wrong_key, fmt::format("This startup key does not open this volume. The volume's "
                                                      "startup key file is named {}.BEK.", ids)};
        default:
            return Error{Errc::wrong_key, "This key does not open this volume."};
    }
}

// The FVEK, unwrapped with the VMK. The VMK was authenticated by its own tag, so a failure here
// means the metadata is damaged, not that the key is wrong.
Result<VolumeKeys> unwrap_fvek(const FveMetadata& m, const VolumeInfo& info, const SecureBuffer& vmk) {
    if (!m.wrapped_fvek) return fail(Errc::corrupt, "The volume's encryption key record is missing from its metadata.");
    auto key = unwrap_key(*m.wrapped_fvek, vmk.span());
    if (!key)
        return fail(Errc::corrupt, "The volume master key was found, but the volume's encryption key record is "
                                   "damaged and cannot be read.");
    return keys_from_fvek_container(info.method, key->span());
}

// Any recovery-password protector stores its 16-byte recovery key wrapped with the VMK.
std::optional<SecureBuffer> recover_recovery_password(const FveMetadata& m, const SecureBuffer& vmk) {
    for (const VmkRecord& v : m.vmks) {
        if (v.protection != 0x0800) continue;
        for (const WrappedKey& w : v.stretch_nested) {
            auto key = unwrap_key(w, vmk.span());
            if (!key || key->size() != 16) continue;
            auto rp = RecoveryPassword::from_key(key->span());
            if (rp) return rp->text();
        }
    }
    return std::nullopt;
}

// A raw FVEK has no tag to check: it is right when the first sector decrypts to a file system.
Result<UnlockedVolume> unlock_with_fvek(const BlockSource& source, const VolumeInfo& info, const Credential& c) {
    auto keys = keys_from_raw_fvek(info.method, c.secret.span());
    if (!keys) return std::unexpected(keys.error());
    std::shared_ptr<const BlockSource> borrowed(std::shared_ptr<const BlockSource>(), &source);
    auto reader = open_decrypted_volume(borrowed, info, *keys);
    if (!reader) return std::unexpected(reader.error());
    std::array<std::uint8_t, 512> sector{};
    auto n = (*reader)->read_at(0, sector);
    if (!n) return std::unexpected(n.error());
    if (!filesystem_of_boot_sector(sector))
        return fail(Errc::wrong_key, "This FVEK does not decrypt the volume: its first sector does not become a "
                                     "file system.");
    UnlockedVolume u;
    u.keys = std::move(*keys);
    return u;
}

}  // namespace

Result<UnlockedVolume> unlock_volume(const BlockSource& source, const VolumeInfo& info, const Credential& c) {
    if (info.method == EncryptionMethod::unknown)
        return fail(Errc::unsupported, fmt::format("This volume uses encryption method 0x{:04X}, which this program "
                                                   "does not know.", info.raw_method));
    if (c.kind == Credential::Kind::fvek) return unlock_with_fvek(source, info, c);

    auto copies = read_fve_metadata(source);
    if (!copies) return std::unexpected(copies.error());
    const FveMetadata& m = copies->metadata;
    if (m.vmks.empty() || !m.wrapped_fvek)
        return fail(Errc::corrupt,
                    "The BitLocker metadata of this volume lists no protector or no volume key in any of its three "
                    "copies: it is damaged, so no key can open it. Make an image of the drive before trying anything "
                    "else; with the raw volume key (--fvek) it can still be read.",
                    m.vmks.empty() ? "no protector entries" : "no volume key entry");
    const std::uint16_t protection = *protection_for(c.kind);

    std::vector<const VmkRecord*> candidates;
    for (const VmkRecord& v : m.vmks) {
        if (c.key_id && v.id != *c.key_id) continue;
        if (c.key_id && v.protection != protection) {
            Protector p = protector_of(info, v);
            if (!p.usable_offline())
                return fail(Errc::unsupported, fmt::format("Key ID {} belongs to this volume's {} protector, which "
                                                           "cannot be opened offline.", v.id.str(), protector_name(p.type)));
            return fail(Errc::wrong_key, fmt::format("Key ID {} belongs to this volume's {} protector, not to a {}.",
                                                     v.id.str(), protector_name(p.type), credential_kind_name(c.kind)));
        }
        if (v.protection == protection) candidates.push_back(&v);
    }
    if (candidates.empty()) {
        if (c.key_id)
            return fail(Errc::wrong_key, fmt::format("The key with ID {} is for a different volume. This volume's "
                                                     "protectors: {}.", c.key_id->str(), all_protectors(info)));
        return std::unexpected(no_protector_for(c, info));
    }

    ProtectorKeyDeriver deriver(c);
    for (const VmkRecord* v : candidates) {
        auto protector_key = deriver.key_for(*v);
        if (!protector_key) continue;
        for (const WrappedKey& w : v->wrapped_vmk) {
            auto vmk = unwrap_key(w, protector_key->span());
            if (!vmk || vmk->size() != kVmkSize) continue;
            auto keys = unwrap_fvek(m, info, *vmk);
            if (!keys) return std::unexpected(keys.error());
            UnlockedVolume u;
            u.keys = std::move(*keys);
            u.protector = protector_of(info, *v);
            u.recovery_password = recover_recovery_password(m, *vmk);
            u.vmk = std::move(*vmk);
            return u;
        }
    }
    return std::unexpected(wrong_key(c, m, protection));
}

}  // namespace bde
