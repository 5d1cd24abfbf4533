#pragma once
// A protector's key ID: the GUID shown on the Windows recovery screen, in the .TXT file name and
// in AD/Entra exports. People often give only the first 8+ hex digits, so matching is by prefix.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace bde {

class KeyId {
public:
    KeyId() = default;
    // From the 16 bytes as stored on disk (Microsoft mixed-endian GUID layout).
    static KeyId from_disk_bytes(std::span<const std::uint8_t, 16> bytes);
    static KeyId from_disk_bytes(const std::uint8_t* bytes) {
        return from_disk_bytes(std::span<const std::uint8_t, 16>(bytes, 16));
    }
    // A full GUID: with or without braces and dashes, any case.
    static Result<KeyId> parse(std::string_view text);

    std::array<std::uint8_t, 16> disk_bytes() const;
    // "AC9D5655-F7CA-4D1D-902F-1B6087118138" (upper case, no braces).
    std::string str() const;
    std::string braced() const { return "{" + str() + "}"; }
    std::string short_str() const { return str().substr(0, 8); }
    bool is_null() const;

    friend bool operator==(const KeyId&, const KeyId&) = default;
    friend auto operator<=>(const KeyId&, const KeyId&) = default;

private:
    std::array<std::uint8_t, 16> text_order_{};  // the 32 hex digits in display order
};

// What a person typed to identify a key: a whole GUID or a prefix of at least 8 hex digits.
class KeyIdPattern {
public:
    static Result<KeyIdPattern> parse(std::string_view text);
    static KeyIdPattern exact(const KeyId& id);
    bool matches(const KeyId& id) const;
    bool is_full() const { return hex_.size() == 32; }
    std::string str() const;  // upper-case with dashes in GUID positions

private:
    std::string hex_;  // upper-case hex digits, no separators
};

}  // namespace bde
