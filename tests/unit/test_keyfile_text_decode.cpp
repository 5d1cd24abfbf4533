#include <catch2/catch.hpp>

#include "keys/text_decode.hpp"
#include "test_keyfile_samples.hpp"

using namespace bde;
using namespace keytest;
using namespace std::string_literals;

namespace {

std::span<const std::uint8_t> bytes(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string decoded(const std::string& s) { return std::string(decode_text(bytes(s)).view()); }

}  // namespace

TEST_CASE("UTF-16 with a BOM decodes in both byte orders", "[keyfile][decode]") {
    std::string text = "Bezeichner:\n\tÄ€ 日本 😀\n";
    auto le = decode_text(bytes(utf16(text, true, true)));
    CHECK(le.encoding == TextEncoding::utf16le_bom);
    CHECK(le.view() == text);
    CHECK(le.replaced == 0);
    auto be = decode_text(bytes(utf16(text, false, true)));
    CHECK(be.encoding == TextEncoding::utf16be_bom);
    CHECK(be.view() == text);
}

TEST_CASE("UTF-16 without a BOM is recognised by where the NUL bytes are", "[keyfile][decode]") {
    std::string text = windows10_txt(xts128);
    auto le = decode_text(bytes(utf16(text, true, false)));
    CHECK(le.encoding == TextEncoding::utf16le);
    CHECK(le.view() == text);
    auto be = decode_text(bytes(utf16(text, false, false)));
    CHECK(be.encoding == TextEncoding::utf16be);
    CHECK(be.view() == text);
    // Japanese text has few NUL bytes, but the ID and key in it give the pattern away.
    std::string ja = windows10_txt_japanese(xts128);
    CHECK(decode_text(bytes(utf16(ja, true, false))).view() == ja);
}

TEST_CASE("UTF-8 with and without BOM passes through, the BOM is dropped", "[keyfile][decode]") {
    std::string text = "Clé de récupération :\n";
    auto plain = decode_text(bytes(text));
    CHECK(plain.encoding == TextEncoding::utf8);
    CHECK(plain.view() == text);
    auto bom = decode_text(bytes("\xEF\xBB\xBF" + text));
    CHECK(bom.encoding == TextEncoding::utf8_bom);
    CHECK(bom.view() == text);
}

TEST_CASE("CRLF and lone CR become LF, U+0000 becomes a space", "[keyfile][decode]") {
    CHECK(decoded("a\r\nb\rc\nd") == "a\nb\nc\nd");
    CHECK(decoded(utf16le_bom(crlf("Title\nx\n"))) == "Title\nx\n");
    // Windows 8.1 puts a U+0000 right after the title line.
    std::string win81 = utf16le_bom(crlf(windows81_txt(xts128)));
    std::string out = decoded(win81);
    CHECK(out.find('\0') == std::string::npos);
    CHECK(out.rfind("BitLocker Drive Encryption Recovery Key \n", 0) == 0);
    // A \r\n split by the NUL still counts as one line break plus a space.
    CHECK(decoded("T\r\0\nX"s) == "T\n \nX");
}

TEST_CASE("Windows-1252 text (no valid UTF-8 sequences) decodes with its special characters", "[keyfile][decode]") {
    std::string cp1252 = "Ger\xE4t;\x80;\x93quoted\x94";
    auto d = decode_text(bytes(cp1252));
    CHECK(d.encoding == TextEncoding::windows1252);
    CHECK(d.view() == "Gerät;€;“quoted”");
}

TEST_CASE("invalid sequences become U+FFFD and are counted, never crash", "[keyfile][decode]") {
    // Mostly UTF-8 with a stray byte: stays UTF-8, the byte is replaced.
    auto d = decode_text(bytes("Ä ok \xFF end"));
    CHECK(d.encoding == TextEncoding::utf8);
    CHECK(d.view() == "Ä ok \xEF\xBF\xBD end");
    CHECK(d.replaced == 1);
    // Overlong encodings and UTF-16 surrogates in UTF-8 are invalid too: one U+FFFD per byte that
    // cannot start a valid sequence, as Unicode recommends.
    CHECK(decode_text(bytes("é \xC0\xAF \xED\xA0\x80")).replaced == 5);
    // An unpaired surrogate and an odd trailing byte in UTF-16.
    std::string bad16 = "\xFF\xFE" "A\0" "\x00\xD8" "B\0" "C"s;
    auto u = decode_text(bytes(bad16));
    CHECK(u.view() == "A\xEF\xBF\xBD" "B\xEF\xBF\xBD");
    CHECK(u.replaced == 2);
    // A BOM alone, or nothing at all.
    CHECK(decoded("\xFF\xFE").empty());
    CHECK(decoded("").empty());
}

TEST_CASE("random bytes decode without crashing", "[keyfile][decode]") {
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
        std::string junk(std::uniform_int_distribution<int>(0, 600)(rng), '\0');
        for (char& c : junk) c = static_cast<char>(rng());
        if (round % 3 == 0) junk.insert(0, "\xFF\xFE");
        auto d = decode_text(bytes(junk));
        // The output is valid UTF-8 whatever came in.
        std::string out(d.view());
        std::size_t i = 0;
        bool valid = true;
        while (i < out.size() && valid) {
            auto b = static_cast<unsigned char>(out[i]);
            int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
            valid = len > 0 && i + len <= out.size();
            for (int k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(out[i + k]) & 0xC0) == 0x80;
            i += len ? len : 1;
        }
        CHECK(valid);
    }
}

TEST_CASE("looks_like_text tells text from binary data", "[keyfile][decode]") {
    CHECK(looks_like_text(bytes(windows10_txt(xts128))));
    CHECK(looks_like_text(bytes(utf16le_bom(crlf(windows81_txt(xts128))))));
    CHECK(looks_like_text(bytes(utf16(windows10_txt(xts128), true, false))));
    std::string binary;
    for (int i = 0; i < 1024; ++i) binary.push_back(static_cast<char>(i * 7 % 256));
    CHECK_FALSE(looks_like_text(bytes(binary)));
    CHECK_FALSE(looks_like_text(bytes(std::string(512, '\0'))));
    CHECK_FALSE(looks_like_text(bytes("")));
}
