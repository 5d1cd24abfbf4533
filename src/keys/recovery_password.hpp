#pragma once
// The 48-digit BitLocker recovery password: parsing what people type or paste, the per-group
// check Windows applies (each 6-digit group is a 16-bit value times 11), conversion to and from
// the 16-byte key, and typo suggestions for groups that fail their check.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"
#include "util/secure_buffer.hpp"

namespace bde {

inline constexpr int kRecoveryGroups = 8;
inline constexpr int kGroupDigits = 6;
inline constexpr std::uint32_t kGroupLimit = 720896;  // 65536 * 11: every valid group is below this

// One thing wrong with a typed key. group is 1-based; 0 means the key as a whole.
struct GroupProblem {
    int group = 0;
    std::string value;   // what was typed for that group (no secret on its own: it is wrong)
    std::string reason;  // "fails its check digit: a digit is mistyped"
};

// Checks one group as typed so far. Returns the reason it is wrong, or nullopt when it is valid.
// A group with fewer than 6 digits is "incomplete" (not wrong); use group_is_complete() first.
std::optional<std::string> check_group(std::string_view digits);
bool group_is_valid(std::string_view six_digits);

class RecoveryPassword {
public:
    // Accepts dashes, spaces, no separators, full-width digits, and labels or quotes around the key.
    static Result<RecoveryPassword> parse(std::string_view typed);
    // From the 16-byte key (8 little-endian u16 values), e.g. decrypted from a protector.
    static Result<RecoveryPassword> from_key(std::span<const std::uint8_t> key16);

    // The 16-byte key (SHA-256 of it is the input to key stretching).
    const SecureBuffer& key() const { return key_; }
    // "042647-302313-..." (55 characters, wiped buffer).
    SecureBuffer text() const;

private:
    SecureBuffer key_;
};

// Full diagnosis of a typed key: every problem, not just the first, plus the groups as split.
struct RecoveryPasswordCheck {
    bool valid = false;
    std::vector<std::string> groups;  // as split from the input (may be fewer/more than 8 when malformed)
    std::vector<GroupProblem> problems;
    std::string summary() const;  // one message naming every bad group
};
RecoveryPasswordCheck check_recovery_password(std::string_view typed);

// Typo candidates for a key whose groups are all 6 digits but some fail their check (or that lost or
// gained one digit in a group): each bad group is replaced by the values within one substitution,
// one adjacent swap, one missing or one extra digit, most likely first. Empty when the input is
// valid or too damaged to guess (letters, wrong number of groups, more than `max_bad_groups` bad).
struct TypoCandidate {
    SecureBuffer text;                // the corrected 48 digits with dashes
    std::vector<std::string> fixes;   // "group 3: 590485 -> 590458 (swapped digits)"
    int score = 0;                    // higher is more likely
};
std::vector<TypoCandidate> suggest_corrections(std::string_view typed, int max_bad_groups = 2,
                                               std::size_t max_candidates = 64);

}  // namespace bde
