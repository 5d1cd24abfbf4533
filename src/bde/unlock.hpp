#pragma once
// Opening a volume: derive the VMK from whichever protector matches the credential, then the FVEK.
// Our own key layer (OpenSSL) does this for every case; libbde is used to confirm where it can open
// the volume itself.
#include <memory>
#include <vector>

#include "bde/credential.hpp"
#include "bde/volume_info.hpp"

namespace bde {

// The keys that decrypt sectors: FVEK and (for the CBC diffuser) the tweak key, or both halves for XTS.
struct VolumeKeys {
    EncryptionMethod method = EncryptionMethod::unknown;
    SecureBuffer fvek;   // 16/32 bytes for CBC, 32/64 bytes (key1||key2) for XTS
    SecureBuffer tweak;  // 16/32 bytes for the Elephant diffuser, else empty
};

struct UnlockedVolume {
    VolumeKeys keys;
    SecureBuffer vmk;
    Protector protector;                 // the one that opened it
    std::optional<SecureBuffer> recovery_password;  // the 48 digits, when a recovery protector could be read with the VMK
};

// Tries every protector that can take this credential (only the matching key ID when one is known),
// not just the first. Errc::wrong_key when none accepts it, Errc::unsupported for a protector type
// that cannot be opened offline.
Result<UnlockedVolume> unlock_volume(const BlockSource& source, const VolumeInfo& info, const Credential& credential);

}  // namespace bde
