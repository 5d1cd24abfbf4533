#include "bde/protector_key.hpp"

#include "bde/utf16.hpp"
#include "crypto/key_stretch.hpp"
#include "crypto/sha256.hpp"

namespace bde {
namespace {

constexpr std::uint16_t kClearKey = 0x0000, kStartupKey = 0x0200, kRecoveryPassword = 0x0800, kPassword = 0x2000;

SecureBuffer digest(std::span<const std::uint8_t> data) {
    crypto::Sha256Digest d = crypto::sha256(data);
    SecureBuffer out(d.data(), d.size());
    secure_wipe(d.data(), d.size());
    return out;
}

}  // namespace

std::optional<std::uint16_t> protection_for(Credential::Kind kind) {
    switch (kind) {
        case Credential::Kind::recovery_password: return kRecoveryPassword;
        case Credential::Kind::password: return kPassword;
        case Credential::Kind::startup_key: return kStartupKey;
        case Credential::Kind::clear_key: return kClearKey;
        case Credential::Kind::fvek: break;
    }
    return std::nullopt;
}

const SecureBuffer& ProtectorKeyDeriver::initial_hash() {
    if (!initial_) {
        if (credential_.kind == Credential::Kind::password) {
            SecureBuffer utf16 = utf8_to_utf16le(credential_.secret.view());
            SecureBuffer once = digest(utf16.span());
            initial_ = digest(once.span());
        } else {
            initial_ = digest(credential_.secret.span());
        }
    }
    return *initial_;
}

std::optional<SecureBuffer> ProtectorKeyDeriver::key_for(const VmkRecord& vmk) {
    auto wanted = protection_for(credential_.kind);
    if (!wanted || *wanted != vmk.protection) return std::nullopt;
    switch (credential_.kind) {
        case Credential::Kind::startup_key:
            if (credential_.secret.empty()) return std::nullopt;
            return credential_.secret;
        case Credential::Kind::clear_key:
            if (vmk.clear_key.empty()) return std::nullopt;
            return vmk.clear_key;
        case Credential::Kind::recovery_password:
        case Credential::Kind::password: {
            if (!vmk.salt) return std::nullopt;
            for (const auto& [salt, key] : stretched_)
                if (salt == *vmk.salt) return key;
            const SecureBuffer& init = initial_hash();
            SecureBuffer key = crypto::stretch_key(std::span<const std::uint8_t, 32>(init.data(), 32),
                                                   std::span<const std::uint8_t, 16>(*vmk.salt));
            stretched_.emplace_back(*vmk.salt, key);
            return key;
        }
        case Credential::Kind::fvek: break;
    }
    return std::nullopt;
}

}  // namespace bde
