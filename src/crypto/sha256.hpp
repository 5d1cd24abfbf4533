#pragma once
// SHA-256 of a small buffer (key material: recovery keys, passwords, metadata).
#include <array>
#include <cstdint>
#include <span>

namespace bde::crypto {

using Sha256Digest = std::array<std::uint8_t, 32>;
Sha256Digest sha256(std::span<const std::uint8_t> data);

}  // namespace bde::crypto
