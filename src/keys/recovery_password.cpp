#include "keys/recovery_password.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace bde {
namespace {

// Decodes one UTF-8 code point (invalid bytes come back as themselves, as Latin-1).
char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len; ++k) {
        auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) {
            len = 1;
            cp = b;
            break;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    i += len;
    return cp;
}

enum class CharClass { digit, separator, letter, other };

// Maps what keyboards and pasted documents produce onto '0'-'9', '-' and the rest.
CharClass classify(char32_t cp, char& digit_out) {
    if (cp >= '0' && cp <= '9') return digit_out = static_cast<char>(cp), CharClass::digit;
    if (cp >= 0xFF10 && cp <= 0xFF19) return digit_out = static_cast<char>('0' + (cp - 0xFF10)), CharClass::digit;
    if (cp >= 0x0660 && cp <= 0x0669) return digit_out = static_cast<char>('0' + (cp - 0x0660)), CharClass::digit;
    if (cp >= 0x06F0 && cp <= 0x06F9) return digit_out = static_cast<char>('0' + (cp - 0x06F0)), CharClass::digit;
    switch (cp) {
        case '-': case ' ': case '\t': case '.': case '_': case 0x00A0: case 0x2010: case 0x2011:
        case 0x2012: case 0x2013: case 0x2014: case 0x2212: case 0xFF0D: case 0x3000: case 0x202F:
        case 0x2009: case 0x200B: case 0xFEFF:
            return CharClass::separator;
        default: break;
    }
    if (cp < 0x80 && std::isalpha(static_cast<int>(cp))) return CharClass::letter;
    if (cp >= 0xFF21 && cp <= 0xFF5A) return CharClass::letter;  // full-width Latin letters
    if (cp >= 0xC0 && cp < 0x2000) return CharClass::letter;
    return CharClass::other;
}

struct Token {
    CharClass cls;
    char digit;
    char32_t cp;
};

std::string describe(char32_t cp) {
    if (cp < 0x80 && std::isprint(static_cast<int>(cp))) return fmt::format("'{}'", static_cast<char>(cp));
    return fmt::format("U+{:04X}", static_cast<unsigned>(cp));
}

std::string letter_hint(char32_t cp) {
    switch (cp) {
        case 'O': case 'o': case 'D': case 'Q': return " (did you mean 0?)";
        case 'I': case 'l': case 'i': case 'L': case '|': return " (did you mean 1?)";
        case 'Z': case 'z': return " (did you mean 2?)";
        case 'S': case 's': return " (did you mean 5?)";
        case 'B': return " (did you mean 8?)";
        case 'G': case 'b': return " (did you mean 6?)";
        case 'g': case 'q': return " (did you mean 9?)";
        default: return "";
    }
}

std::uint32_t group_value(std::string_view digits) {
    std::uint32_t v = 0;
    for (char c : digits) v = v * 10 + static_cast<std::uint32_t>(c - '0');
    return v;
}

struct Split {
    std::vector<std::string> groups;
    std::vector<GroupProblem> problems;  // whole-key problems found while splitting
};

Split split_groups(std::string_view typed) {
    Split out;
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < typed.size();) {
        char32_t cp = next_code_point(typed, i);
        char d = 0;
        CharClass cls = classify(cp, d);
        tokens.push_back({cls, d, cp});
    }
    // Leading and trailing junk (labels, quotes, "Key:", line ends) is dropped: only the span from the
    // first to the last digit is the key.
    auto first = std::find_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.cls == CharClass::digit; });
    auto last = std::find_if(tokens.rbegin(), tokens.rend(), [](const Token& t) { return t.cls == CharClass::digit; });
    if (first == tokens.end()) {
        out.problems.push_back({0, "", "no digits found: a recovery key is 48 digits in 8 groups of 6"});
        return out;
    }
    std::vector<Token> span(first, last.base());

    std::vector<std::string> runs(1);
    std::string all_digits;
    for (const Token& t : span) {
        if (t.cls == CharClass::digit) {
            runs.back().push_back(t.digit);
            all_digits.push_back(t.digit);
        } else if (t.cls == CharClass::separator) {
            if (!runs.back().empty()) runs.emplace_back();
        } else {
            int group = static_cast<int>(runs.size());
            std::string where = runs.size() <= 8 ? fmt::format("in group {}", group) : "in the key";
            out.problems.push_back(
                {group <= 8 ? group : 0, runs.back(),
                 fmt::format("contains {} {}: recovery keys are digits only{}", describe(t.cp), where,
                             letter_hint(t.cp))});
        }
    }
    if (runs.back().empty()) runs.pop_back();
    if (!out.problems.empty()) {
        out.groups = runs;
        return out;
    }

    if (runs.size() == 8) {
        out.groups = runs;
    } else if (all_digits.size() == 48) {
        // 48 digits grouped some other way (or not at all): regroup by six.
        for (int g = 0; g < 8; ++g) out.groups.push_back(all_digits.substr(g * 6, 6));
    } else {
        out.groups = runs;
        out.problems.push_back(
            {0, "", fmt::format("has {} digit{} in {} group{}: a recovery key is 48 digits in 8 groups of 6",
                                all_digits.size(), all_digits.size() == 1 ? "" : "s", runs.size(),
                                runs.size() == 1 ? "" : "s")});
    }
    return out;
}

}  // namespace

std::optional<std::string> check_group(std::string_view digits) {
    if (digits.size() != kGroupDigits)
        return fmt::format("has {} digit{} (each group has 6)", digits.size(), digits.size() == 1 ? "" : "s");
    for (char c : digits)
        if (c < '0' || c > '9') return std::string("contains a character that is not a digit");
    std::uint32_t v = group_value(digits);
    if (v >= kGroupLimit) return std::string("is too large to be a group (at most 720885): a digit is mistyped");
    if (v % 11 != 0) return std::string("fails its check digit: a digit is mistyped");
    return std::nullopt;
}

bool group_is_valid(std::string_view six_digits) { return !check_group(six_digits).has_value(); }

RecoveryPasswordCheck check_recovery_password(std::string_view typed) {
    RecoveryPasswordCheck check;
    Split split = split_groups(typed);
    check.groups = split.groups;
    check.problems = split.problems;
    if (check.problems.empty()) {
        for (int g = 0; g < static_cast<int>(check.groups.size()); ++g)
            if (auto why = check_group(check.groups[g])) check.problems.push_back({g + 1, check.groups[g], *why});
    }
    check.valid = check.problems.empty() && check.groups.size() == 8;
    return check;
}

std::string RecoveryPasswordCheck::summary() const {
    if (valid) return "the recovery key is well-formed";
    std::string out;
    for (const auto& p : problems) {
        if (!out.empty()) out += "; ";
        if (p.group == 0) out += "the key " + p.reason;
        else if (p.value.empty()) out += fmt::format("group {} {}", p.group, p.reason);
        else out += fmt::format("group {} ({}) {}", p.group, p.value, p.reason);
    }
    return out;
}

Result<RecoveryPassword> RecoveryPassword::parse(std::string_view typed) {
    RecoveryPasswordCheck check = check_recovery_password(typed);
    if (!check.valid) return fail(Errc::malformed_key, "This recovery key is mistyped: " + check.summary() + ".");
    SecureBuffer key(16);
    for (int g = 0; g < 8; ++g) {
        std::uint32_t v = group_value(check.groups[g]) / 11;
        key[2 * g] = static_cast<std::uint8_t>(v & 0xFF);
        key[2 * g + 1] = static_cast<std::uint8_t>(v >> 8);
    }
    for (auto& g : check.groups) secure_wipe(g.data(), g.size());
    RecoveryPassword rp;
    rp.key_ = std::move(key);
    return rp;
}

Result<RecoveryPassword> RecoveryPassword::from_key(std::span<const std::uint8_t> key16) {
    if (key16.size() != 16)
        return fail(Errc::corrupt, "The stored recovery key has the wrong size.",
                    fmt::format("{} bytes instead of 16", key16.size()));
    RecoveryPassword rp;
    rp.key_ = SecureBuffer(key16);
    return rp;
}

SecureBuffer RecoveryPassword::text() const {
    SecureBuffer out;
    char group[8];
    for (int g = 0; g < 8; ++g) {
        std::uint32_t v = (static_cast<std::uint32_t>(key_[2 * g + 1]) << 8 | key_[2 * g]) * 11;
        std::snprintf(group, sizeof group, "%06u", v);
        if (g) out.push_back('-');
        out.append(reinterpret_cast<const std::uint8_t*>(group), 6);
    }
    secure_wipe(group, sizeof group);
    return out;
}

namespace {

// Digits next to each other on the number row or the numeric keypad, or easily misread on paper.
bool likely_confusion(char a, char b) {
    static const char* pairs[] = {"12", "23", "34", "45", "56", "67", "78", "89", "90",  // number row
                                  "47", "58", "69", "14", "25", "36", "20", "10",        // keypad columns
                                  "17", "38", "68", "08", "06", "35", "59"};             // look-alikes
    for (const char* p : pairs)
        if ((p[0] == a && p[1] == b) || (p[0] == b && p[1] == a)) return true;
    return false;
}

struct GroupFix {
    std::string value;
    std::string how;
    int score;
};

std::vector<GroupFix> fixes_for_group(const std::string& g) {
    std::vector<GroupFix> out;
    auto add = [&](std::string v, std::string how, int score) {
        if (!group_is_valid(v) || v == g) return;
        for (auto& f : out)
            if (f.value == v) {
                f.score = std::max(f.score, score);
                return;
            }
        out.push_back({std::move(v), std::move(how), score});
    };
    if (g.size() == 6) {
        for (int i = 0; i + 1 < 6; ++i) {
            std::string v = g;
            std::swap(v[i], v[i + 1]);
            add(v, fmt::format("digits {} and {} swapped", i + 1, i + 2), 30);
        }
        for (int i = 0; i < 6; ++i)
            for (char d = '0'; d <= '9'; ++d) {
                if (d == g[i]) continue;
                std::string v = g;
                v[i] = d;
                add(v, fmt::format("digit {} mistyped ({} instead of {})", i + 1, g[i], d),
                    likely_confusion(g[i], d) ? 20 : 10);
            }
    } else if (g.size() == 5) {
        for (int i = 0; i <= 5; ++i)
            for (char d = '0'; d <= '9'; ++d) {
                std::string v = g;
                v.insert(v.begin() + i, d);
                add(v, fmt::format("a digit missing at position {}", i + 1), 8);
            }
    } else if (g.size() == 7) {
        for (int i = 0; i < 7; ++i) {
            std::string v = g;
            v.erase(v.begin() + i);
            add(v, fmt::format("digit {} typed twice or extra", i + 1), i > 0 && g[i] == g[i - 1] ? 25 : 8);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const GroupFix& a, const GroupFix& b) { return a.score > b.score; });
    return out;
}

}  // namespace

std::vector<TypoCandidate> suggest_corrections(std::string_view typed, int max_bad_groups,
                                               std::size_t max_candidates) {
    Split split = split_groups(typed);
    if (!split.problems.empty() || split.groups.size() != 8) return {};
    std::vector<int> bad;
    for (int g = 0; g < 8; ++g)
        if (!group_is_valid(split.groups[g])) bad.push_back(g);
    if (bad.empty() || static_cast<int>(bad.size()) > max_bad_groups) return {};

    std::vector<std::vector<GroupFix>> options;
    for (int g : bad) {
        options.push_back(fixes_for_group(split.groups[g]));
        if (options.back().empty()) return {};
    }
    // Cartesian product over the bad groups, scored by the sum of the fixes' scores.
    std::vector<TypoCandidate> out;
    std::vector<std::size_t> idx(bad.size(), 0);
    while (true) {
        std::vector<std::string> groups = split.groups;
        TypoCandidate c;
        for (std::size_t k = 0; k < bad.size(); ++k) {
            const GroupFix& f = options[k][idx[k]];
            c.fixes.push_back(fmt::format("group {}: {} -> {} ({})", bad[k] + 1, groups[bad[k]], f.value, f.how));
            groups[bad[k]] = f.value;
            c.score += f.score;
        }
        for (int g = 0; g < 8; ++g) {
            if (g) c.text.push_back('-');
            c.text.append(reinterpret_cast<const std::uint8_t*>(groups[g].data()), groups[g].size());
        }
        out.push_back(std::move(c));
        std::size_t k = 0;
        for (; k < idx.size(); ++k) {
            if (++idx[k] < options[k].size()) break;
            idx[k] = 0;
        }
        if (k == idx.size()) break;
    }
    std::stable_sort(out.begin(), out.end(), [](const TypoCandidate& a, const TypoCandidate& b) { return a.score > b.score; });
    if (out.size() > max_candidates) out.resize(max_candidates);
    return out;
}

}  // namespace bde
