#pragma once
// Realistic BitLocker key files, written byte for byte as Windows and its tools write them: the recovery-key
// .TXT in each Windows version's layout and a few languages, UTF-16 encoders (with or without BOM, either
// byte order) and .BEK startup-key files. Used by the demo key folder and by the key-file tests.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "keys/key_id.hpp"

namespace keysamples {

// A recovery key and its protector's key ID, as text.
struct SampleKey {
    const char* id;
    const char* rp;
};

// UTF-8 -> UTF-16 code units (the test's own small encoder, independent of the decoder under test).
inline std::string utf16(std::string_view utf8, bool little_endian, bool bom) {
    std::u32string cps;
    for (std::size_t i = 0; i < utf8.size();) {
        auto b = static_cast<unsigned char>(utf8[i]);
        int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
        for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        cps.push_back(cp);
        i += len;
    }
    std::string out;
    auto unit = [&](char16_t u) {
        char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
        out.push_back(little_endian ? lo : hi);
        out.push_back(little_endian ? hi : lo);
    };
    if (bom) unit(0xFEFF);
    for (char32_t cp : cps) {
        if (cp >= 0x10000) {
            unit(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
            unit(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
        } else {
            unit(static_cast<char16_t>(cp));
        }
    }
    return out;
}
inline std::string utf16le_bom(std::string_view utf8) { return utf16(utf8, true, true); }

inline std::string crlf(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

inline std::string replace_all(std::string s, std::string_view what, std::string_view with) {
    for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
        s.replace(at, what.size(), with);
    return s;
}

// Puts a key into a layout: @ID@ (full ID), @ID8@ / @ID16@ (its first 8 / 16 characters) and @RP@.
inline std::string fill(std::string layout, const SampleKey& c) {
    std::string id = c.id;
    layout = replace_all(std::move(layout), "@ID8@", id.substr(0, 8));
    layout = replace_all(std::move(layout), "@ID16@", id.substr(0, 16));
    return replace_all(replace_all(std::move(layout), "@ID@", id), "@RP@", c.rp);
}

// The body Windows 8.1/10/11 writes (English), with "\n" line ends; callers apply crlf() and an encoding.
inline std::string windows10_txt(const SampleKey& c) {
    return fill(
        "BitLocker Drive Encryption recovery key\n\n"
        "To verify that this is the correct recovery key, compare the start of the following identifier with the "
        "identifier value displayed on your PC.\n\n"
        "Identifier:\n\n\t@ID@\n\n"
        "If the above identifier matches the one displayed by your PC, then use the following key to unlock your "
        "drive.\n\n"
        "Recovery Key:\n\n\t@RP@\n\n"
        "If the above identifier doesn't match the one displayed by your PC, then this isn't the right key to unlock "
        "your drive.\nTry another recovery key, or refer to https://go.microsoft.com/fwlink/?LinkID=260589 for "
        "additional assistance.\n", c);
}

// Windows 8.1: the title is followed by a U+0000.
inline std::string windows81_txt(const SampleKey& c) {
    std::string body = windows10_txt(c);
    body = replace_all(body, "BitLocker Drive Encryption recovery key\n", std::string("BitLocker Drive Encryption Recovery Key\0\n", 41));
    return body;
}

// Windows 7: a shortened and a full "identification" line, then the key right under its label.
inline std::string windows7_txt(const SampleKey& c) {
    return fill(
        "BitLocker Drive Encryption Recovery Key \n\n"
        "The recovery key is used to recover the data on a BitLocker protected drive.\n\n"
        "To verify that this is the correct recovery key compare the identification with what is presented on the "
        "recovery screen.\n\n"
        "Recovery key identification: @ID16@\n"
        "Full recovery key identification: @ID@\n\n"
        "BitLocker Recovery Key:\n@RP@\n\n", c);
}

// Windows 11 variant that shows the shortened identifier first, then the full one tab-indented.
inline std::string windows11_txt(const SampleKey& c) {
    return fill(
        "BitLocker Drive Encryption recovery key\n\n"
        "Recovery key identifier: @ID8@\n\n"
        "To verify that this is the correct recovery key, compare the start of the following identifier with the "
        "identifier value displayed on your PC.\n\n"
        "Identifier:\n\n\t@ID@\n\n"
        "If the above identifier matches the one displayed by your PC, then use the following key to unlock your "
        "drive.\n\n"
        "Recovery Key:\n\n\t@RP@\n", c);
}

inline std::string windows10_txt_german(const SampleKey& c) {
    return fill(
        "BitLocker-Laufwerkverschlüsselung – Wiederherstellungsschlüssel\n\n"
        "Vergleichen Sie den Anfang des folgenden Bezeichners mit dem auf Ihrem PC angezeigten Bezeichnerwert, um zu "
        "überprüfen, ob dies der richtige Wiederherstellungsschlüssel ist.\n\n"
        "Bezeichner:\n\n\t@ID@\n\n"
        "Wenn der obige Bezeichner mit dem auf Ihrem PC angezeigten übereinstimmt, verwenden Sie den folgenden "
        "Schlüssel, um das Laufwerk zu entsperren.\n\n"
        "Wiederherstellungsschlüssel:\n\n\t@RP@\n\n", c);
}

inline std::string windows10_txt_french(const SampleKey& c) {
    return fill(
        "Clé de récupération du Chiffrement de lecteur BitLocker\n\n"
        "Pour vérifier qu’il s’agit de la clé de récupération correcte, comparez le début de l’identificateur suivant "
        "avec la valeur de l’identificateur affichée sur votre PC.\n\n"
        "Identificateur :\n\n\t@ID@\n\n"
        "Si l’identificateur ci-dessus correspond à celui affiché par votre PC, utilisez la clé suivante pour "
        "déverrouiller votre lecteur.\n\n"
        "Clé de récupération :\n\n\t@RP@\n\n", c);
}

inline std::string windows10_txt_japanese(const SampleKey& c) {
    return fill(
        "BitLocker ドライブ暗号化回復キー\n\n"
        "これが正しい回復キーであることを確認するには、次の識別子の先頭と PC に表示されている識別子の値を比較してください。\n\n"
        "識別子:\n\n\t@ID@\n\n"
        "上の識別子が PC に表示されている識別子と一致する場合は、次のキーを使用してドライブのロックを解除してください。\n\n"
        "回復キー:\n\n\t@RP@\n\n", c);
}

// A .BEK file as Windows writes it: 156 bytes, or 180 with the Windows 11 volume-GUID entry.
inline std::string bek_file(const bde::KeyId& key_id, const std::uint8_t (&key)[32],
                            const bde::KeyId* volume_id = nullptr) {
    std::string b;
    auto u16 = [&](std::uint16_t v) { b.push_back(char(v & 0xFF)), b.push_back(char(v >> 8)); };
    auto u32 = [&](std::uint32_t v) { u16(std::uint16_t(v & 0xFFFF)), u16(std::uint16_t(v >> 16)); };
    auto guid = [&](const bde::KeyId& id) { for (auto x : id.disk_bytes()) b.push_back(char(x)); };
    std::uint32_t total = volume_id ? 180 : 156;
    u32(total), u32(1), u32(48), u32(total);
    guid(key_id);
    u32(1), u32(0);
    b.append("\xf0\x02\xba\xfe\x31\x8b\xd6\x01", 8);  // creation FILETIME
    u16(std::uint16_t(total - 48)), u16(0x0006), u16(0x0009), u16(1);
    guid(key_id);
    b.append("\x20\x52\x5f\x30\x31\x8b\xd6\x01", 8);
    u16(0x20), u16(0), u16(0x0002), u16(1);
    for (char c : std::string_view("ExternalKey")) b.push_back(c), b.push_back('\0');
    b.append(2, '\0');
    if (volume_id) {
        u16(0x18), u16(0x0019), u16(0x0017), u16(1);
        guid(*volume_id);
    }
    u16(0x2c), u16(0), u16(0x0001), u16(1);
    u32(0x2002);
    b.append(reinterpret_cast<const char*>(key), 32);
    return b;
}

}  // namespace keysamples
