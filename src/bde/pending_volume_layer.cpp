// TEMPORARY: placeholders so every branch links while the volume layer is written on its own branch.
// The volume-layer work deletes this file as it provides the real functions.
#include "bde/decrypted_volume.hpp"
#include "bde/unlock.hpp"
#include "bde/volume_info.hpp"

namespace bde {

Result<VolumeInfo> read_volume_info(const BlockSource&) {
    return fail(Errc::unsupported, "Reading BitLocker metadata is not available in this build yet.");
}
bool looks_like_bitlocker(const BlockSource&) { return false; }
Result<UnlockedVolume> unlock_volume(const BlockSource&, const VolumeInfo&, const Credential&) {
    return fail(Errc::unsupported, "Unlocking is not available in this build yet.");
}
Result<std::unique_ptr<BlockSource>> open_decrypted_volume(std::shared_ptr<const BlockSource>, const VolumeInfo&,
                                                           const VolumeKeys&) {
    return fail(Errc::unsupported, "Decryption is not available in this build yet.");
}
bool Protector::usable_offline() const { return type != ProtectorType::tpm && type != ProtectorType::smart_card; }
const char* method_name(EncryptionMethod) { return "unknown"; }
const char* protector_name(ProtectorType) { return "unknown"; }
const char* state_name(VolumeState) { return "unknown"; }
const char* kind_name(VolumeKind k) { return k == VolumeKind::bitlocker ? "bitlocker" : "bitlocker-to-go"; }
std::vector<std::string> offline_advice(const VolumeInfo&) { return {}; }
const char* credential_kind_name(Credential::Kind) { return "unknown"; }

}  // namespace bde
