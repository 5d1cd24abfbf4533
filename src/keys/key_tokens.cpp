#include "keys/key_tokens.hpp"

#include <fmt/format.h>

#include "keys/recovery_password.hpp"

namespace bde {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::size_t hex_run(std::string_view s, std::size_t i) {
    std::size_t n = 0;
    while (i + n < s.size() && is_hex(s[i + n])) ++n;
    return n;
}

// Byte length of a group separator at s[i]: '-', ' ', or a dash/space character Word and web pages
// substitute (U+00A0, U+2010-U+2015, U+202F, U+2212, U+FF0D). 0 when there is none.
std::size_t separator_at(std::string_view s, std::size_t i) {
    auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    if (at(0) == '-' || at(0) == ' ') return 1;
    if (at(0) == 0xC2 && at(1) == 0xA0) return 2;
    if (at(0) == 0xE2 && at(1) == 0x80 && ((at(2) >= 0x90 && at(2) <= 0x95) || at(2) == 0xAF)) return 3;
    if (at(0) == 0xE2 && at(1) == 0x88 && at(2) == 0x92) return 3;
    if (at(0) == 0xEF && at(1) == 0xBC && at(2) == 0x8D) return 3;
    return 0;
}

// Tries "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX" at s[i] (the 8 hex digits known to be there).
std::size_t full_guid_length(std::string_view s, std::size_t i) {
    static constexpr std::size_t groups[] = {8, 4, 4, 4, 12};
    std::size_t p = i;
    for (std::size_t g = 0; g < 5; ++g) {
        if (g > 0) {
            if (p >= s.size() || s[p] != '-') return 0;
            ++p;
        }
        if (hex_run(s, p) != groups[g]) return 0;
        p += groups[g];
    }
    return p - i;
}

// A shortened ID: the 8 hex digits, then up to four more dash-separated pieces of the GUID, the
// last of which may be cut short ("5B5F2F8D-B8F1-4E").
std::size_t short_id_length(std::string_view s, std::size_t i) {
    static constexpr std::size_t max_group[] = {4, 4, 4, 12};
    std::size_t p = i + 8;
    for (std::size_t g = 0; g < 4; ++g) {
        if (p + 1 >= s.size() || s[p] != '-') break;
        std::size_t run = hex_run(s, p + 1);
        if (run == 0 || run > max_group[g]) break;
        bool complete = run == max_group[g];
        p += 1 + run;
        if (!complete) break;
    }
    return p - i;
}

}  // namespace

std::vector<IdToken> find_key_ids(std::string_view s, std::size_t limit) {
    std::vector<IdToken> out;
    std::size_t i = 0;
    while (i < s.size() && out.size() < limit) {
        if (!is_hex(s[i]) || (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '-' || s[i - 1] == '_'))) {
            // Skip the rest of a word so "DESKTOP-B8H4DIM1" yields nothing.
            ++i;
            while (i < s.size() && is_alnum(s[i]) && is_alnum(s[i - 1])) ++i;
            continue;
        }
        std::size_t run = hex_run(s, i);
        if (run != 8) {
            i += run;
            continue;
        }
        IdToken t;
        t.pos = i;
        if (std::size_t len = full_guid_length(s, i); len && (i + len >= s.size() || !is_alnum(s[i + len]))) {
            t.len = len;
            t.full = KeyId::parse(s.substr(i, len)).value();
        } else {
            std::size_t short_len = short_id_length(s, i);
            if (short_len > 8 && i + short_len < s.size() && is_alnum(s[i + short_len]))
                short_len = 8;  // "12345678-4Exyz": only the 8 digits are an ID
            if (i + short_len < s.size() && is_alnum(s[i + short_len])) {
                i += short_len;
                continue;
            }
            t.len = short_len;
            auto pattern = KeyIdPattern::parse(s.substr(i, short_len));
            if (!pattern) {
                i += short_len;
                continue;
            }
            t.prefix = *pattern;
        }
        // Braces around a full GUID belong to it.
        if (t.pos > 0 && s[t.pos - 1] == '{' && t.pos + t.len < s.size() && s[t.pos + t.len] == '}') {
            --t.pos;
            t.len += 2;
        }
        i = t.pos + t.len;
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<DigitKeyToken> find_recovery_keys(std::string_view s, std::size_t limit) {
    std::vector<DigitKeyToken> out;
    struct Group {
        std::size_t begin, end;
    };
    std::size_t i = 0;
    while (i < s.size() && out.size() < limit) {
        if (!is_digit(s[i])) {
            ++i;
            continue;
        }
        // Up to 11 digit groups joined by one kind of separator (the first one used): never more is needed,
        // which keeps rescans cheap.
        std::vector<Group> groups;
        std::string_view sep;
        std::size_t p = i;
        while (groups.size() < 11) {
            std::size_t b = p;
            while (p < s.size() && is_digit(s[p])) ++p;
            groups.push_back({b, p});
            std::size_t sl = separator_at(s, p);
            if (sl == 0 || p + sl >= s.size() || !is_digit(s[p + sl])) break;
            if (sep.empty()) sep = s.substr(p, sl);
            else if (s.substr(p, sl) != sep) break;
            p += sl;
        }
        if (groups[0].end - groups[0].begin == 48) {
            out.push_back({groups[0].begin, 48});
            i = groups[0].end;
            continue;
        }
        // Groups of 5 to 7 digits may be a key with a typo; what follows (a date, a count) is not part of it.
        std::size_t count = 0;
        while (count < groups.size() && count < 10) {
            std::size_t len = groups[count].end - groups[count].begin;
            if (len < 5 || len > 7) break;
            ++count;
        }
        if (count >= 6) {
            out.push_back({groups[0].begin, groups[count - 1].end - groups[0].begin});
            i = groups[count - 1].end;
        } else {
            // A key may start at the next group ("...-BA2996479989 235818-357951-..."): look again from there.
            i = groups.size() > 1 ? groups[1].begin : groups[0].end;
        }
    }
    return out;
}

FoundRecoveryKey check_found_recovery_key(std::string_view text) {
    FoundRecoveryKey out;
    RecoveryPasswordCheck check = check_recovery_password(text);
    if (check.valid) {
        auto rp = RecoveryPassword::parse(text);
        if (rp) out.key = rp->key();
    }
    for (auto& g : check.groups) secure_wipe(g.data(), g.size());
    if (out.key) return out;
    for (const auto& p : check.problems) {
        if (!out.problem.empty()) out.problem += "; ";
        out.problem += p.group == 0 ? "the key " + p.reason : fmt::format("group {} {}", p.group, p.reason);
    }
    if (out.problem.empty()) out.problem = "it is not a valid recovery key";
    return out;
}

FoundKey found_recovery_key(SecureBuffer key, const IdToken* id, KeySource source) {
    FoundKey found;
    found.kind = FoundKeyKind::recovery_password;
    found.secret = std::move(key);
    if (id) {
        found.key_id = id->full;
        if (!id->full) found.short_id = id->prefix;
    }
    found.sources.push_back(std::move(source));
    return found;
}

}  // namespace bde
