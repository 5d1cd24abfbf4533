#pragma once
// The key-protection crypto of BitLocker, writing side: AES-256-CCM wrapping (12-byte nonce, 16-byte
// MAC stored in front of the ciphertext), the SHA-256 key stretch (2^20 rounds) and the password and
// recovery-password hashes that feed it.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "keys/recovery_password.hpp"
#include "util/error.hpp"
#include "util/secure_buffer.hpp"

namespace bdegen {

using Nonce = std::array<std::uint8_t, 12>;

struct CcmSealed {
    std::array<std::uint8_t, 16> mac{};
    std::vector<std::uint8_t> ciphertext;
};

// AES-CCM with a 32-byte key and no associated data, as BitLocker uses it.
CcmSealed aes_ccm_seal(const bde::SecureBuffer& key, const Nonce& nonce, std::span<const std::uint8_t> plaintext);
// The inverse (used by the self-check and the tests); nullopt when the MAC does not match.
std::optional<bde::SecureBuffer> aes_ccm_open(const bde::SecureBuffer& key, const Nonce& nonce,
                                              std::span<const std::uint8_t, 16> mac,
                                              std::span<const std::uint8_t> ciphertext);

std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data);

// 2^20 rounds of SHA-256 over {last, initial, salt, counter}; returns the final `last`.
bde::SecureBuffer stretch_key(std::span<const std::uint8_t, 32> initial, std::span<const std::uint8_t, 16> salt);

// SHA-256(SHA-256(UTF-16LE(password))): the input to the stretch for a password protector.
bde::Result<bde::SecureBuffer> password_stretch_input(std::string_view utf8_password);
// SHA-256(the 16-byte recovery key): the input to the stretch for a recovery-password protector.
bde::SecureBuffer recovery_stretch_input(const bde::RecoveryPassword& password);

// UTF-8 to UTF-16LE (no terminator). Errc::usage for invalid UTF-8.
bde::Result<std::vector<std::uint8_t>> utf16le(std::string_view utf8);

}  // namespace bdegen
