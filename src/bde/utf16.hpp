#pragma once
// UTF-16LE <-> UTF-8 for metadata strings (descriptions) and passwords (BitLocker hashes UTF-16LE).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "util/secure_buffer.hpp"

namespace bde {

// Decodes UTF-16LE up to the first U+0000; unpaired surrogates become U+FFFD.
std::string utf16le_to_utf8(std::span<const std::uint8_t> bytes);

// Encodes UTF-8 as UTF-16LE (no terminator). Bytes that are not valid UTF-8 are taken as Latin-1,
// which is what a password typed on an old console would mean.
SecureBuffer utf8_to_utf16le(std::string_view utf8);

}  // namespace bde
