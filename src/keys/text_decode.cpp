#include "keys/text_decode.hpp"

#include <algorithm>

namespace bde {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 bytes 0x80-0x9F; 0 marks the five the code page leaves undefined.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// Decodes one UTF-8 sequence at bytes[i]; advances i. Returns nullopt-like kReplacement with ok=false
// for anything malformed (overlong, surrogate, beyond U+10FFFF, truncated), consuming one byte.
char32_t next_utf8(std::span<const std::uint8_t> b, std::size_t& i, bool& ok) {
    std::uint8_t c = b[i];
    ok = true;
    if (c < 0x80) return ++i, c;
    int len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > b.size()) return ok = false, ++i, kReplacement;
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len; ++k) {
        if ((b[i + k] & 0xC0) != 0x80) return ok = false, ++i, kReplacement;
        cp = (cp << 6) | (b[i + k] & 0x3F);
    }
    static constexpr char32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return ok = false, ++i, kReplacement;
    i += len;
    return cp;
}

struct Utf8Stats {
    std::size_t invalid = 0;
    std::size_t multibyte = 0;
};

Utf8Stats utf8_stats(std::span<const std::uint8_t> b) {
    Utf8Stats s;
    for (std::size_t i = 0; i < b.size();) {
        std::size_t before = i;
        bool ok = true;
        next_utf8(b, i, ok);
        if (!ok) ++s.invalid;
        else if (i - before > 1) ++s.multibyte;
    }
    return s;
}

std::size_t bom_length(TextEncoding e) {
    switch (e) {
        case TextEncoding::utf8_bom: return 3;
        case TextEncoding::utf16le_bom:
        case TextEncoding::utf16be_bom: return 2;
        default: return 0;
    }
}

// Calls sink(code_point, was_invalid) for every code point of the text after the BOM.
template <typename Sink>
void for_each_code_point(std::span<const std::uint8_t> bytes, TextEncoding enc, Sink&& sink) {
    auto b = bytes.subspan(std::min(bom_length(enc), bytes.size()));
    switch (enc) {
        case TextEncoding::utf8:
        case TextEncoding::utf8_bom:
            for (std::size_t i = 0; i < b.size();) {
                bool ok = true;
                char32_t cp = next_utf8(b, i, ok);
                sink(cp, !ok);
            }
            return;
        case TextEncoding::windows1252:
            for (std::uint8_t c : b) {
                if (c >= 0x80 && c < 0xA0) {
                    char16_t u = kCp1252High[c - 0x80];
                    sink(u ? char32_t(u) : kReplacement, u == 0);
                } else {
                    sink(char32_t(c), false);
                }
            }
            return;
        case TextEncoding::utf16le:
        case TextEncoding::utf16le_bom:
        case TextEncoding::utf16be:
        case TextEncoding::utf16be_bom: {
            bool le = enc == TextEncoding::utf16le || enc == TextEncoding::utf16le_bom;
            auto unit = [&](std::size_t i) -> char16_t {
                return le ? char16_t(b[i] | b[i + 1] << 8) : char16_t(b[i] << 8 | b[i + 1]);
            };
            std::size_t i = 0;
            while (i + 1 < b.size()) {
                char16_t u = unit(i);
                i += 2;
                if (u >= 0xD800 && u <= 0xDBFF) {
                    if (i + 1 < b.size()) {
                        char16_t lo = unit(i);
                        if (lo >= 0xDC00 && lo <= 0xDFFF) {
                            i += 2;
                            sink(0x10000 + ((char32_t(u) - 0xD800) << 10) + (lo - 0xDC00), false);
                            continue;
                        }
                    }
                    sink(kReplacement, true);
                } else if (u >= 0xDC00 && u <= 0xDFFF) {
                    sink(kReplacement, true);
                } else {
                    sink(char32_t(u), false);
                }
            }
            if (i < b.size()) sink(kReplacement, true);  // an odd trailing byte
            return;
        }
    }
}

// Writes UTF-8 into a pre-sized buffer, folding CRLF and lone CR into LF and NUL into a space. Without a
// buffer it only counts, so the buffer can be sized exactly (a second copy of a key file costs memory).
class Utf8Writer {
public:
    explicit Utf8Writer(SecureBuffer* out) : out_(out) {}

    void put(char32_t cp) {
        if (cp == '\r') {
            emit('\n');
            after_cr_ = true;
            return;
        }
        bool skip = (cp == '\n' && after_cr_) || (cp == 0xFEFF && written_ == 0);
        after_cr_ = false;
        if (skip) return;
        emit(cp == 0 ? char32_t(' ') : cp);
    }
    std::size_t written() const { return written_; }

private:
    void emit(char32_t cp) {
        if (!out_) {
            written_ += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            return;
        }
        std::uint8_t* p = out_->data() + written_;
        if (cp < 0x80) {
            p[0] = std::uint8_t(cp);
            written_ += 1;
        } else if (cp < 0x800) {
            p[0] = std::uint8_t(0xC0 | cp >> 6);
            p[1] = std::uint8_t(0x80 | (cp & 0x3F));
            written_ += 2;
        } else if (cp < 0x10000) {
            p[0] = std::uint8_t(0xE0 | cp >> 12);
            p[1] = std::uint8_t(0x80 | ((cp >> 6) & 0x3F));
            p[2] = std::uint8_t(0x80 | (cp & 0x3F));
            written_ += 3;
        } else {
            p[0] = std::uint8_t(0xF0 | cp >> 18);
            p[1] = std::uint8_t(0x80 | ((cp >> 12) & 0x3F));
            p[2] = std::uint8_t(0x80 | ((cp >> 6) & 0x3F));
            p[3] = std::uint8_t(0x80 | (cp & 0x3F));
            written_ += 4;
        }
    }

    SecureBuffer* out_;
    std::size_t written_ = 0;
    bool after_cr_ = false;
};

}  // namespace

const char* text_encoding_name(TextEncoding e) {
    switch (e) {
        case TextEncoding::utf8: return "UTF-8";
        case TextEncoding::utf8_bom: return "UTF-8 with BOM";
        case TextEncoding::utf16le: return "UTF-16LE";
        case TextEncoding::utf16le_bom: return "UTF-16LE with BOM";
        case TextEncoding::utf16be: return "UTF-16BE";
        case TextEncoding::utf16be_bom: return "UTF-16BE with BOM";
        case TextEncoding::windows1252: return "Windows-1252";
    }
    return "unknown";
}

TextEncoding detect_encoding(std::span<const std::uint8_t> b) {
    if (b.size() >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return TextEncoding::utf8_bom;
    if (b.size() >= 2 && b[0] == 0xFF && b[1] == 0xFE) return TextEncoding::utf16le_bom;
    if (b.size() >= 2 && b[0] == 0xFE && b[1] == 0xFF) return TextEncoding::utf16be_bom;

    // UTF-16 without a BOM: key files are mostly ASCII (digits, GUIDs), whose high byte is NUL, so NULs
    // cluster on one side. A Windows 8.1 title's single U+0000 or binary junk does not show this pattern.
    std::size_t sample = std::min<std::size_t>(b.size(), 64 * 1024) & ~std::size_t(1);
    std::size_t pairs = sample / 2, even_nul = 0, odd_nul = 0;
    for (std::size_t i = 0; i < sample; i += 2) {
        even_nul += b[i] == 0;
        odd_nul += b[i + 1] == 0;
    }
    // A handful of NULs prove nothing (a tiny file with one stray U+0000): ask for a few.
    constexpr std::size_t min_nuls = 4;
    if (odd_nul >= min_nuls && odd_nul * 4 >= pairs && even_nul * 8 <= odd_nul) return TextEncoding::utf16le;
    if (even_nul >= min_nuls && even_nul * 4 >= pairs && odd_nul * 8 <= even_nul) return TextEncoding::utf16be;
    Utf8Stats s = utf8_stats(b);
    if (s.invalid > 0 && s.multibyte == 0) return TextEncoding::windows1252;
    return TextEncoding::utf8;
}

DecodedText decode_text(std::span<const std::uint8_t> bytes) {
    DecodedText out;
    out.encoding = detect_encoding(bytes);
    Utf8Writer counter(nullptr);
    for_each_code_point(bytes, out.encoding, [&](char32_t cp, bool) { counter.put(cp); });
    out.utf8.resize(counter.written());
    Utf8Writer writer(&out.utf8);
    for_each_code_point(bytes, out.encoding, [&](char32_t cp, bool invalid) {
        out.replaced += invalid;
        writer.put(cp);
    });
    return out;
}

bool looks_like_text(std::span<const std::uint8_t> bytes) {
    auto head = bytes.first(std::min<std::size_t>(bytes.size(), 4096));
    if (head.empty()) return false;
    TextEncoding enc = detect_encoding(head);
    std::size_t total = 0, suspicious = 0;
    for_each_code_point(head, enc, [&](char32_t cp, bool invalid) {
        ++total;
        bool control = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F;
        suspicious += invalid || control;
    });
    return total > 0 && suspicious * 20 <= total;
}

}  // namespace bde
