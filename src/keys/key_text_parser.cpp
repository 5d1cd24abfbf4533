#include "keys/key_text_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <tuple>

#include "keys/computer_name_hints.hpp"

namespace bde {
namespace {

struct Pos {
    int line = 0;  // 0-based index into the lines
    std::size_t at = 0;
    friend auto operator<=>(const Pos&, const Pos&) = default;
};

struct IdHit {
    Pos pos;
    IdToken token;
    bool used = false;
};

struct KeyHit {
    Pos pos;
    std::size_t len = 0;
    IdHit* id = nullptr;  // the ID paired with it
    IdHit* full = nullptr;  // a full ID found for a shortened one
};

// Where each line starts (4 bytes a line: a hostile file of 16 million empty lines stays affordable).
class Lines {
public:
    explicit Lines(std::string_view text) : text_(text.substr(0, std::min<std::size_t>(text.size(), UINT32_MAX))) {
        starts_.push_back(0);
        for (std::size_t i = text_.find('\n'); i != std::string_view::npos; i = text_.find('\n', i + 1))
            starts_.push_back(static_cast<std::uint32_t>(i + 1));
        if (starts_.back() == text_.size() && starts_.size() > 1) starts_.pop_back();  // no line after the last '\n'
    }
    std::size_t size() const { return text_.empty() ? 0 : starts_.size(); }
    std::string_view operator[](std::size_t i) const {
        std::size_t end = i + 1 < starts_.size() ? starts_[i + 1] - 1 : text_.size();
        return text_.substr(starts_[i], end - starts_[i]);
    }

private:
    std::string_view text_;
    std::vector<std::uint32_t> starts_;
};

// Lists either give the ID first (Windows files, portals) or the key first: decided by whether any ID
// on a line without a key comes before the first key.
bool ids_follow_keys(const std::vector<IdHit>& ids, const std::vector<KeyHit>& keys, std::size_t line_count) {
    if (keys.empty()) return false;
    std::vector<bool> key_line(line_count, false);
    for (const auto& k : keys) key_line[static_cast<std::size_t>(k.pos.line)] = true;
    bool any_after = false;
    for (const auto& id : ids) {
        if (key_line[static_cast<std::size_t>(id.pos.line)]) continue;
        if (id.pos < keys.front().pos) return false;
        any_after = true;
    }
    return any_after;
}

// The text before a token on its line, as a label to compare: "RP_VMK_GUID=" -> "rp_vmk_guid".
std::string label_before(std::string_view line, std::size_t at) {
    std::string_view l = line.substr(0, at);
    if (l.size() > 64) l.remove_prefix(l.size() - 64);  // labels are short; a huge line must not cost per key
    auto strip = [](char c) { return c == ' ' || c == '\t' || c == ':' || c == '=' || c == '"' || c == '\'' || c == '{'; };
    while (!l.empty() && strip(l.back())) l.remove_suffix(1);
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    std::string out(l);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// How much two labels share ("rp" and "rp_vmk_guid": 2); a single letter in common means nothing.
std::size_t shared_label(const std::string& a, const std::string& b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return n >= 2 ? n : 0;
}

// Pairs each key with an unused ID between the previous and the next key: one on its own line (before
// it, else after it); else the one whose label shares most with the key's ("RP=" / "RP_VMK_GUID=" in a
// config file), then the nearest by lines, then the one on the side the file's layout puts IDs.
void pair_ids(const Lines& lines, std::vector<IdHit>& ids, std::vector<KeyHit>& keys) {
    bool follow = ids_follow_keys(ids, keys, lines.size());
    for (std::size_t k = 0; k < keys.size(); ++k) {
        KeyHit& key = keys[k];
        Pos prev = k > 0 ? Pos{keys[k - 1].pos.line, keys[k - 1].pos.at + keys[k - 1].len} : Pos{-1, 0};
        Pos next = k + 1 < keys.size() ? keys[k + 1].pos : Pos{1 << 30, 0};
        // IDs are in text order: only those between the neighbouring keys are looked at (linear overall).
        auto first = std::lower_bound(ids.begin(), ids.end(), prev, [](const IdHit& id, const Pos& p) { return id.pos < p; });
        auto last = std::upper_bound(first, ids.end(), next, [](const Pos& p, const IdHit& id) { return p < id.pos; });
        std::string key_label = label_before(lines[key.pos.line], key.pos.at);
        IdHit *same_before = nullptr, *same_after = nullptr, *best = nullptr;
        std::tuple<std::size_t, int, bool> best_score{};
        for (auto id = first; id != last; ++id) {
            if (id->used) continue;
            bool before = id->pos < key.pos;
            if (id->pos.line == key.pos.line) {
                if (before) same_before = &*id;  // keeps the last, i.e. nearest
                else if (!same_after) same_after = &*id;
                continue;
            }
            std::tuple<std::size_t, int, bool> score{
                shared_label(key_label, label_before(lines[id->pos.line], id->pos.at)),
                -std::abs(id->pos.line - key.pos.line), before != follow};
            if (!best || score > best_score) best = &*id, best_score = score;
        }
        IdHit* chosen = same_before ? same_before : same_after ? same_after : best;
        if (!chosen) continue;
        chosen->used = true;
        key.id = chosen;
        if (chosen->token.full) continue;
        // "Recovery key identification: 5B5F2F8D-B8F1-4E" next to the full ID: take the full one.
        for (auto id = first; id != last; ++id)
            if (!id->used && id->token.full && chosen->token.prefix->matches(*id->token.full)) {
                id->used = true;
                key.full = &*id;
                break;
            }
    }
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// The computer a key belongs to: its table row's first cell, else the latest "Device name: X" line or
// bare name line heading a record (carried on to later keys of the same device).
class ComputerTracker {
public:
    explicit ComputerTracker(const Lines& lines) : lines_(lines) {}

    std::string for_key(const KeyHit& key, int region_begin, int region_end) {
        for (int l = std::max(region_begin, 0); l <= region_end && l < int(lines_.size()); ++l)
            if (auto name = computer_from_label_line(lines_[l])) current_ = *name;
        int first = key.id ? std::min(key.id->pos.line, key.pos.line) : key.pos.line;
        for (int l = first - 1; l >= 0 && l >= region_begin; --l) {
            if (is_blank(lines_[l])) continue;
            if (looks_like_computer_name(lines_[l])) current_ = std::string(trim_spaces(lines_[l]));
            break;
        }
        // Several keys on one (possibly huge) line share its row: look at it once.
        if (row_line_ != key.pos.line) {
            row_line_ = key.pos.line;
            row_ = computer_from_table_row(lines_[key.pos.line]);
        }
        return row_ ? *row_ : current_;
    }

private:
    static std::string_view trim_spaces(std::string_view s) {
        s.remove_prefix(std::min(s.find_first_not_of(" \t"), s.size()));
        s.remove_suffix(s.size() - (s.find_last_not_of(" \t") + 1));
        return s;
    }
    const Lines& lines_;
    std::string current_;
    int row_line_ = -1;
    std::optional<std::string> row_;
};

// The ID inside the file wins over the file name's; the name completes a missing or shortened one.
void apply_file_name_id(FoundKey& key, const IdToken& name_id, const std::string& path, int line,
                        std::vector<KeyNote>& notes) {
    if (!key.has_id()) {
        key.key_id = name_id.full;
        if (!name_id.full) key.short_id = name_id.prefix;
        return;
    }
    if (key.short_id && name_id.full && key.short_id->matches(*name_id.full)) {
        key.key_id = name_id.full;
        key.short_id.reset();
        return;
    }
    bool agree = name_id.full ? key.fits(*name_id.full) : key.fits(*name_id.prefix);
    if (!agree)
        notes.push_back({path, line,
                         fmt::format("the file name names key ID {} but the text inside gives {}: using the one "
                                     "inside the file",
                                     name_id.full ? name_id.full->str() : name_id.prefix->str(), key.id_text())});
}

}  // namespace

std::optional<IdToken> key_id_in_file_name(const std::string& path) {
    std::string_view name = path;
    if (auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    auto ids = find_key_ids(name);
    if (ids.empty()) return std::nullopt;
    return ids.front();
}

ParsedKeys parse_key_text(std::string_view text, const std::string& path) {
    ParsedKeys out;
    Lines lines(text);
    std::vector<IdHit> ids;
    std::vector<KeyHit> keys;
    // Real lists hold hundreds of keys; a hostile file could hold millions of look-alikes.
    constexpr std::size_t kMaxTokens = 200000;
    for (int l = 0; l < int(lines.size()); ++l) {
        for (auto& t : find_key_ids(lines[l], kMaxTokens - ids.size())) ids.push_back({{l, t.pos}, std::move(t)});
        for (auto& t : find_recovery_keys(lines[l], kMaxTokens - keys.size())) keys.push_back({{l, t.pos}, t.len});
        if (ids.size() >= kMaxTokens || keys.size() >= kMaxTokens) {
            out.note(path, l + 1, fmt::format("this file holds more than {} keys or key IDs: the rest of it was not read",
                                              kMaxTokens));
            break;
        }
    }
    pair_ids(lines, ids, keys);

    auto name_id = key_id_in_file_name(path);
    bool single = keys.size() == 1;
    std::string format = single && name_id ? "windows-txt" : "text";
    bool follow = ids_follow_keys(ids, keys, lines.size());
    ComputerTracker computers(lines);

    for (std::size_t k = 0; k < keys.size(); ++k) {
        const KeyHit& hit = keys[k];
        int line = hit.pos.line + 1;
        int region_begin = follow ? hit.pos.line : (k > 0 ? keys[k - 1].pos.line + 1 : 0);
        int region_end = follow ? (k + 1 < keys.size() ? keys[k + 1].pos.line - 1 : int(lines.size()) - 1)
                                : hit.pos.line;
        std::string computer = computers.for_key(hit, region_begin, region_end);

        FoundRecoveryKey checked = check_found_recovery_key(lines[hit.pos.line].substr(hit.pos.at, hit.len));
        if (!checked.key) {
            out.note(path, line, "a 48-digit recovery key here is not valid (" + checked.problem +
                                     "): it was skipped; it may have been mistyped when copied");
            continue;
        }
        const IdHit* id = hit.full ? hit.full : hit.id;
        FoundKey key = found_recovery_key(std::move(*checked.key), id ? &id->token : nullptr, {path, line, format, computer});
        if (single && name_id) apply_file_name_id(key, *name_id, path, line, out.notes);
        out.keys.push_back(std::move(key));
    }
    merge_duplicate_keys(out.keys);
    return out;
}

}  // namespace bde
