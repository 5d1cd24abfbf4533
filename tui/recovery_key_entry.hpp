#pragma once
// The 48-digit entry, working like the Windows recovery screen: 8 boxes of 6 digits, the cursor moves to
// the next box by itself, dashes and spaces are ignored, F1..F10 type 1..9 and 0, Backspace goes back
// across boxes, each box is checked as soon as it is full. A paste fills everything at once. The digits
// are a secret: they live in a wiped buffer and are never logged.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "util/secure_buffer.hpp"

namespace bde::tui {

class RecoveryKeyEntry {
public:
    static constexpr int groups = 8;
    static constexpr int digits_per_group = 6;
    enum class GroupState { empty, partial, valid, invalid };
    // What typing did, so the screen can say something useful.
    enum class Typed { nothing, digits, ignored_letters, full };

    RecoveryKeyEntry();
    ~RecoveryKeyEntry();
    RecoveryKeyEntry(const RecoveryKeyEntry&) = delete;
    RecoveryKeyEntry& operator=(const RecoveryKeyEntry&) = delete;

    // Typed or pasted text. Separators are skipped; letters are ignored (and reported). A paste that holds
    // a whole key (8 groups of 6) replaces what was there.
    Typed type(std::string_view text);
    Typed type_digit(char digit);
    void backspace();
    void move_left();
    void move_right();
    void clear();
    // Replaces the whole entry with a key (from a typo correction that worked).
    void set(std::string_view formatted_key);

    int active_group() const { return active_; }  // 0..7, or 8 when every box is full
    std::string_view group(int g) const;
    GroupState state(int g) const;
    int digit_count() const;
    bool complete() const { return digit_count() == groups * digits_per_group; }
    std::vector<int> invalid_groups() const;  // 0-based
    // "123456-234567-..." (only meaningful when complete).
    SecureBuffer text() const;

private:
    void advance_after_full();
    std::array<char, groups * digits_per_group> digits_{};
    std::array<int, groups> length_{};
    int active_ = 0;
    bool replace_on_type_ = false;  // the active box was reached with the arrow keys: typing starts it over
};

// Digit value of a typed character (ASCII or full-width), or 0 when it is not a digit.
char digit_of(char32_t cp);

}  // namespace bde::tui
