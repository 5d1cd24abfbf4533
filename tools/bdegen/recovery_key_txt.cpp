#include "recovery_key_txt.hpp"

#include "fve_crypto.hpp"

namespace bdegen {

std::vector<std::uint8_t> recovery_key_txt(const bde::KeyId& id, const bde::RecoveryPassword& password) {
    bde::SecureBuffer digits = password.text();
    const std::string lines[] = {
        "BitLocker Drive Encryption recovery key",
        "",
        "To verify that this is the correct recovery key, compare the start of the following identifier with the "
        "identifier value displayed on your PC.",
        "",
        "Identifier:",
        "",
        "\t" + id.str(),
        "",
        "If the above identifier matches the one displayed by your PC, then use the following key to unlock your "
        "drive.",
        "",
        "Recovery Key:",
        "",
        "\t" + std::string(digits.view()),
        "",
        "If the above identifier doesn't match the one displayed by your PC, then this isn't the right key to unlock "
        "your drive.",
        "Try another recovery key, or refer to https://go.microsoft.com/fwlink/?LinkID=260589 for additional "
        "assistance.",
    };
    std::string text;
    for (const auto& line : lines) text += line + "\r\n";
    std::vector<std::uint8_t> out{0xFF, 0xFE};
    auto utf16 = utf16le(text);  // ASCII only: cannot fail
    out.insert(out.end(), utf16->begin(), utf16->end());
    bde::secure_wipe(text.data(), text.size());
    return out;
}

std::string recovery_key_txt_name(const bde::KeyId& id) { return "BitLocker Recovery Key " + id.str() + ".TXT"; }

}  // namespace bdegen
