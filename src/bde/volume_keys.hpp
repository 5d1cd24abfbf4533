#pragma once
// Turning an unwrapped FVEK container, or a raw FVEK the user typed, into the keys sectors decrypt with.
#include "bde/unlock.hpp"

namespace bde {

// FVEK bytes each method needs: XTS both halves, CBC the key, Elephant key and tweak key.
std::size_t fvek_size(EncryptionMethod m);

// From the FVEK key bytes stored in the metadata (Elephant stores 32 + 32 bytes, 128-bit uses the
// first 16 of each half). Errc::corrupt when too short.
Result<VolumeKeys> keys_from_fvek_container(EncryptionMethod method, std::span<const std::uint8_t> key);

// From a raw FVEK given by the user (hex): exactly fvek_size(method) bytes (FVEK then tweak key for
// Elephant), or the 64-byte stored form for Elephant. Errc::malformed_key with the expected size.
Result<VolumeKeys> keys_from_raw_fvek(EncryptionMethod method, std::span<const std::uint8_t> raw);

}  // namespace bde
