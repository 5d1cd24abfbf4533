#include "recovery_key_entry.hpp"

#include <algorithm>

#include "keys/recovery_password.hpp"
#include "ui_text.hpp"

namespace bde::tui {

char digit_of(char32_t cp) {
    if (cp >= '0' && cp <= '9') return static_cast<char>(cp);
    if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<char>('0' + (cp - 0xFF10));
    return 0;
}

namespace {

bool is_separator(char32_t cp) {
    return cp == '-' || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '.' || cp == 0x2010 ||
           cp == 0x2011 || cp == 0x2013 || cp == 0x2014 || cp == 0x2212 || cp == 0xA0 || cp == 0xFF0D;
}

// A paste holding a whole key, possibly with a label around it ("Recovery key: 123456-..."): 8 groups of 6.
bool whole_key_groups(const RecoveryPasswordCheck& check) {
    if (check.groups.size() != 8) return false;
    for (const auto& p : check.problems)
        if (p.group == 0) return false;
    return std::all_of(check.groups.begin(), check.groups.end(), [](const std::string& g) { return g.size() == 6; });
}

}  // namespace

RecoveryKeyEntry::RecoveryKeyEntry() = default;

RecoveryKeyEntry::~RecoveryKeyEntry() { clear(); }

RecoveryKeyEntry::Typed RecoveryKeyEntry::type(std::string_view text) {
    if (text.size() > 1) {
        auto check = check_recovery_password(text);
        bool whole = whole_key_groups(check);
        if (whole) {
            clear();
            for (const auto& g : check.groups)
                for (char c : g) type_digit(c);
        }
        for (auto& g : check.groups) secure_wipe(g.data(), g.size());
        for (auto& p : check.problems) secure_wipe(p.value.data(), p.value.size());
        if (whole) return Typed::full;
    }
    Typed result = Typed::nothing;
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = next_code_point(text, i);
        if (char d = digit_of(cp)) {
            if (type_digit(d) == Typed::digits) result = result == Typed::ignored_letters ? result : Typed::digits;
        } else if (!is_separator(cp)) {
            result = Typed::ignored_letters;
        }
    }
    return result;
}

RecoveryKeyEntry::Typed RecoveryKeyEntry::type_digit(char digit) {
    if (active_ >= groups) return Typed::nothing;
    if (replace_on_type_) {
        length_[active_] = 0;
        replace_on_type_ = false;
    }
    digits_[active_ * digits_per_group + length_[active_]] = digit;
    if (++length_[active_] == digits_per_group) advance_after_full();
    return Typed::digits;
}

void RecoveryKeyEntry::advance_after_full() {
    // Next box that is not full, looking forward first (the usual case), then from the start.
    for (int g = active_ + 1; g < groups; ++g)
        if (length_[g] < digits_per_group) {
            active_ = g;
            return;
        }
    for (int g = 0; g < active_; ++g)
        if (length_[g] < digits_per_group) {
            active_ = g;
            return;
        }
    active_ = groups;
}

void RecoveryKeyEntry::backspace() {
    replace_on_type_ = false;
    if (active_ >= groups) active_ = groups - 1;
    if (length_[active_] == 0 && active_ > 0) --active_;
    if (length_[active_] > 0) digits_[active_ * digits_per_group + --length_[active_]] = 0;
}

void RecoveryKeyEntry::move_left() {
    if (active_ == 0) return;
    --active_;
    replace_on_type_ = length_[active_] == digits_per_group;
}

void RecoveryKeyEntry::move_right() {
    // Only as far as the first box still being filled: no holes in the middle of the key.
    if (active_ >= groups || length_[active_] < digits_per_group) return;
    ++active_;
    replace_on_type_ = active_ < groups && length_[active_] == digits_per_group;
}

void RecoveryKeyEntry::clear() {
    secure_wipe(digits_.data(), digits_.size());
    length_.fill(0);
    active_ = 0;
    replace_on_type_ = false;
}

void RecoveryKeyEntry::set(std::string_view formatted_key) {
    clear();
    for (char c : formatted_key)
        if (c >= '0' && c <= '9') type_digit(c);
}

std::string_view RecoveryKeyEntry::group(int g) const {
    return {digits_.data() + g * digits_per_group, static_cast<std::size_t>(length_[g])};
}

RecoveryKeyEntry::GroupState RecoveryKeyEntry::state(int g) const {
    if (length_[g] == 0) return GroupState::empty;
    if (length_[g] < digits_per_group) return GroupState::partial;
    return group_is_valid(group(g)) ? GroupState::valid : GroupState::invalid;
}

int RecoveryKeyEntry::digit_count() const {
    int n = 0;
    for (int l : length_) n += l;
    return n;
}

std::vector<int> RecoveryKeyEntry::invalid_groups() const {
    std::vector<int> out;
    for (int g = 0; g < groups; ++g)
        if (state(g) == GroupState::invalid) out.push_back(g);
    return out;
}

SecureBuffer RecoveryKeyEntry::text() const {
    SecureBuffer out;
    for (int g = 0; g < groups; ++g) {
        if (g) out.push_back('-');
        auto d = group(g);
        out.append(reinterpret_cast<const std::uint8_t*>(d.data()), d.size());
    }
    return out;
}

}  // namespace bde::tui
