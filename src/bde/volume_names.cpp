// Names shown to people and in JSON for the volume-layer enums.
#include "bde/credential.hpp"
#include "bde/volume_info.hpp"

namespace bde {

bool Protector::usable_offline() const {
    switch (type) {
        case ProtectorType::clear_key:
        case ProtectorType::startup_key:
        case ProtectorType::recovery_password:
        case ProtectorType::password:
            return true;
        default:
            return false;
    }
}

const char* method_name(EncryptionMethod m) {
    switch (m) {
        case EncryptionMethod::aes_cbc_128_diffuser: return "AES-CBC 128-bit with Elephant diffuser";
        case EncryptionMethod::aes_cbc_256_diffuser: return "AES-CBC 256-bit with Elephant diffuser";
        case EncryptionMethod::aes_cbc_128: return "AES-CBC 128-bit";
        case EncryptionMethod::aes_cbc_256: return "AES-CBC 256-bit";
        case EncryptionMethod::aes_xts_128: return "AES-XTS 128-bit";
        case EncryptionMethod::aes_xts_256: return "AES-XTS 256-bit";
        case EncryptionMethod::unknown: break;
    }
    return "unknown";
}

const char* protector_name(ProtectorType t) {
    switch (t) {
        case ProtectorType::clear_key: return "Clear key (protection suspended)";
        case ProtectorType::tpm: return "TPM";
        case ProtectorType::startup_key: return "Startup key (.BEK file)";
        case ProtectorType::tpm_pin: return "TPM and PIN";
        case ProtectorType::recovery_password: return "Recovery password";
        case ProtectorType::smart_card: return "Smart card";
        case ProtectorType::password: return "Password";
        case ProtectorType::unknown: break;
    }
    return "Unknown protector";
}

const char* state_name(VolumeState s) {
    switch (s) {
        case VolumeState::fully_encrypted: return "fully encrypted";
        case VolumeState::encrypting: return "encrypting";
        case VolumeState::decrypting: return "decrypting";
        case VolumeState::paused: return "paused";
        case VolumeState::partially_encrypted: return "partially encrypted";
        case VolumeState::unknown: break;
    }
    return "unknown";
}

const char* kind_name(VolumeKind k) { return k == VolumeKind::bitlocker ? "bitlocker" : "bitlocker-to-go"; }

const char* credential_kind_name(Credential::Kind k) {
    switch (k) {
        case Credential::Kind::recovery_password: return "recovery password";
        case Credential::Kind::password: return "password";
        case Credential::Kind::startup_key: return "startup key";
        case Credential::Kind::fvek: return "raw FVEK";
        case Credential::Kind::clear_key: return "clear key";
    }
    return "unknown";
}

}  // namespace bde
