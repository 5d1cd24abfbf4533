#include "bde/key_unwrap.hpp"

#include "bde/le_bytes.hpp"
#include "crypto/aes_ccm.hpp"

namespace bde {

std::optional<SecureBuffer> unwrap_key(const WrappedKey& wrapped, std::span<const std::uint8_t> key) {
    auto plain = crypto::aes_ccm_decrypt(key, wrapped.nonce, wrapped.tag, wrapped.ciphertext);
    if (!plain || plain->size() <= kKeyContainerHeader) return std::nullopt;
    if (le32(plain->data()) != plain->size()) return std::nullopt;
    return SecureBuffer(plain->span().subspan(kKeyContainerHeader));
}

}  // namespace bde
