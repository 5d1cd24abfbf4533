#pragma once
// Unwrapping BitLocker's AES-CCM key containers. Decrypted, a container is
// {u32 size (== the whole container), u16 version, u16 unknown, u32 method, key bytes}.
#include <optional>
#include <span>

#include "bde/fve_metadata.hpp"
#include "util/secure_buffer.hpp"

namespace bde {

inline constexpr std::size_t kKeyContainerHeader = 12;

// The key bytes, or nullopt when the tag does not verify (wrong key) or the container is malformed.
std::optional<SecureBuffer> unwrap_key(const WrappedKey& wrapped, std::span<const std::uint8_t> key);

}  // namespace bde
