#pragma once
// Key files arrive in whatever encoding the machine that wrote them used: Windows saves its recovery-key
// .TXT as UTF-16LE with a BOM, PowerShell exports UTF-16 or UTF-8 with a BOM, old tools the ANSI code page.
// Everything becomes UTF-8 with '\n' line ends so the parsers see one form. Never fails: bytes that do not
// decode become U+FFFD. The text may hold recovery keys, so it lives in a wiped buffer.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "util/secure_buffer.hpp"

namespace bde {

enum class TextEncoding { utf8, utf8_bom, utf16le, utf16le_bom, utf16be, utf16be_bom, windows1252 };
const char* text_encoding_name(TextEncoding encoding);

struct DecodedText {
    SecureBuffer utf8;         // UTF-8, '\n' line ends; U+0000 became a space (Windows 8.1 puts one after the title)
    TextEncoding encoding = TextEncoding::utf8;
    std::size_t replaced = 0;  // invalid sequences replaced by U+FFFD
    std::string_view view() const { return utf8.view(); }
};

// Picks the encoding from the BOM, else from the pattern of NUL bytes (UTF-16 without BOM), else UTF-8
// when the bytes are valid UTF-8 (or mostly so), else Windows-1252.
TextEncoding detect_encoding(std::span<const std::uint8_t> bytes);
DecodedText decode_text(std::span<const std::uint8_t> bytes);

// True when the start of a file looks like text in one of the encodings above (for files whose name
// does not say what they are): few control characters once decoded.
bool looks_like_text(std::span<const std::uint8_t> bytes);

}  // namespace bde
