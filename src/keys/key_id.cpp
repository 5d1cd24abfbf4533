#include "keys/key_id.hpp"

#include <fmt/format.h>

#include <cctype>

namespace bde {
namespace {

// Strips braces/dashes/whitespace and upper-cases. Returns nullopt on any other character.
std::optional<std::string> hex_digits_of(std::string_view text) {
    std::string hex;
    std::size_t begin = 0, end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    text = text.substr(begin, end - begin);
    if (!text.empty() && text.front() == '{') text.remove_prefix(1);
    if (!text.empty() && text.back() == '}') text.remove_suffix(1);
    for (char c : text) {
        if (std::isxdigit(static_cast<unsigned char>(c))) hex.push_back(static_cast<char>(std::toupper(c)));
        else if (c != '-') return std::nullopt;
    }
    return hex;
}

std::uint8_t hex_value(char c) {
    return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'A' + 10);
}

std::string with_dashes(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
        out.push_back(hex[i]);
    }
    return out;
}

}  // namespace

KeyId KeyId::from_disk_bytes(std::span<const std::uint8_t, 16> b) {
    // Data1 (u32 LE), Data2 (u16 LE), Data3 (u16 LE), Data4 (8 bytes as is).
    static constexpr int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    KeyId id;
    for (int i = 0; i < 16; ++i) id.text_order_[i] = b[order[i]];
    return id;
}

std::array<std::uint8_t, 16> KeyId::disk_bytes() const {
    static constexpr int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    std::array<std::uint8_t, 16> out{};
    for (int i = 0; i < 16; ++i) out[order[i]] = text_order_[i];
    return out;
}

Result<KeyId> KeyId::parse(std::string_view text) {
    auto hex = hex_digits_of(text);
    if (!hex || hex->size() != 32)
        return fail(Errc::usage, fmt::format("'{}' is not a key ID: expected 32 hex digits such as "
                                             "AC9D5655-F7CA-4D1D-902F-1B6087118138",
                                             text));
    KeyId id;
    for (int i = 0; i < 16; ++i)
        id.text_order_[i] = static_cast<std::uint8_t>(hex_value((*hex)[2 * i]) << 4 | hex_value((*hex)[2 * i + 1]));
    return id;
}

std::string KeyId::str() const {
    std::string hex;
    for (auto b : text_order_) hex += fmt::format("{:02X}", b);
    return with_dashes(hex);
}

bool KeyId::is_null() const {
    for (auto b : text_order_)
        if (b) return false;
    return true;
}

Result<KeyIdPattern> KeyIdPattern::parse(std::string_view text) {
    auto hex = hex_digits_of(text);
    if (!hex || hex->size() < 8 || hex->size() > 32)
        return fail(Errc::usage, fmt::format("'{}' is not a key ID: give the whole ID or at least its first "
                                             "8 hex digits (0-9, A-F)",
                                             text));
    KeyIdPattern p;
    p.hex_ = std::move(*hex);
    return p;
}

KeyIdPattern KeyIdPattern::exact(const KeyId& id) {
    KeyIdPattern p;
    for (char c : id.str())
        if (c != '-') p.hex_.push_back(c);
    return p;
}

bool KeyIdPattern::matches(const KeyId& id) const {
    std::string hex;
    for (char c : id.str())
        if (c != '-') hex.push_back(c);
    return hex.compare(0, hex_.size(), hex_) == 0;
}

std::string KeyIdPattern::str() const { return with_dashes(hex_); }

}  // namespace bde
