#pragma once
// BitLocker's key stretching: 2^20 rounds of SHA-256 over the 88-byte block
// {last_sha256[32], initial_sha256[32], salt[16], count u64 LE}, starting with last = 0, count = 0.
// The final `last` is the AES-CCM key that unwraps the VMK. About 0.1 s per call.
#include <array>
#include <cstdint>
#include <span>

#include "util/secure_buffer.hpp"

namespace bde::crypto {

inline constexpr std::uint64_t kStretchRounds = 1u << 20;

// initial: SHA-256 of the recovery key, or SHA-256(SHA-256(UTF-16LE password)). rounds is for tests.
SecureBuffer stretch_key(std::span<const std::uint8_t, 32> initial, std::span<const std::uint8_t, 16> salt,
                         std::uint64_t rounds = kStretchRounds);

}  // namespace bde::crypto
