#pragma once
// From a credential to the key that unwraps one protector's VMK:
//   recovery password: stretch(SHA-256(16-byte key), salt)
//   password:          stretch(SHA-256(SHA-256(UTF-16LE password)), salt)
//   startup key:       the .BEK's 32-byte key as is
//   clear key:         the key stored in the clear-key protector
// Stretching costs about 0.1 s, so results are kept per salt for the life of the deriver.
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "bde/credential.hpp"
#include "bde/fve_metadata.hpp"

namespace bde {

// The protector type (raw 16-bit value) a credential kind can open; nullopt for a raw FVEK.
std::optional<std::uint16_t> protection_for(Credential::Kind kind);

class ProtectorKeyDeriver {
public:
    explicit ProtectorKeyDeriver(const Credential& credential) : credential_(credential) {}
    // nullopt when this protector cannot take the credential (other type, no salt, no stored key).
    std::optional<SecureBuffer> key_for(const VmkRecord& vmk);

private:
    const SecureBuffer& initial_hash();
    const Credential& credential_;
    std::optional<SecureBuffer> initial_;
    std::vector<std::pair<std::array<std::uint8_t, 16>, SecureBuffer>> stretched_;
};

}  // namespace bde
