#pragma once
// AES-CCM as BitLocker wraps keys: 12-byte nonce, 16-byte tag, no associated data.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "util/secure_buffer.hpp"

namespace bde::crypto {

// nullopt when the tag does not match (wrong key or damaged data). key: 16, 24 or 32 bytes.
std::optional<SecureBuffer> aes_ccm_decrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t, 12> nonce,
                                            std::span<const std::uint8_t, 16> tag,
                                            std::span<const std::uint8_t> ciphertext);
// For tests and the volume generator's counterpart: returns ciphertext, writes the tag.
std::optional<std::vector<std::uint8_t>> aes_ccm_encrypt(std::span<const std::uint8_t> key,
                                                         std::span<const std::uint8_t, 12> nonce,
                                                         std::span<const std::uint8_t> plaintext,
                                                         std::span<std::uint8_t, 16> tag_out);

}  // namespace bde::crypto
