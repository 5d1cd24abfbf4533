#include "keys/found_key.hpp"

#include <algorithm>
#include <cstdint>
#include <map>

namespace bde {
namespace {

std::string hex_only(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != '-') out.push_back(c);
    return out;
}

// Two shortened IDs can name the same key when one is a prefix of the other.
bool prefixes_agree(const KeyIdPattern& a, const KeyIdPattern& b) {
    std::string x = hex_only(a.str()), y = hex_only(b.str());
    std::size_t n = std::min(x.size(), y.size());
    return x.compare(0, n, y, 0, n) == 0;
}

bool ids_compatible(const FoundKey& a, const FoundKey& b) {
    if (!a.has_id() || !b.has_id()) return true;  // the same secret seen once with and once without its ID
    if (a.key_id && b.key_id) return *a.key_id == *b.key_id;
    if (a.key_id) return b.short_id->matches(*a.key_id);
    if (b.key_id) return a.short_id->matches(*b.key_id);
    return prefixes_agree(*a.short_id, *b.short_id);
}

bool same_place(const KeySource& a, const KeySource& b) { return a.path == b.path && a.line == b.line; }

// The keys fitting any of the IDs, in the IDs' order, each once; then those without an ID when asked.
template <typename Id>
std::vector<const FoundKey*> keys_fitting(const std::vector<FoundKey>& keys, const std::vector<Id>& ids,
                                          UnidentifiedKeys unidentified) {
    std::vector<const FoundKey*> out;
    auto add = [&](const FoundKey& k) {
        if (std::find(out.begin(), out.end(), &k) == out.end()) out.push_back(&k);
    };
    for (const auto& id : ids)
        for (const auto& k : keys)
            if (k.fits(id)) add(k);
    if (unidentified == UnidentifiedKeys::include)
        for (const auto& k : keys)
            if (!k.has_id()) add(k);
    return out;
}

}  // namespace

const char* found_key_kind_name(FoundKeyKind kind) {
    return kind == FoundKeyKind::recovery_password ? "recovery-password" : "startup-key";
}

std::string FoundKey::computer() const {
    for (const auto& s : sources)
        if (!s.computer.empty()) return s.computer;
    return {};
}

std::string FoundKey::device_id() const {
    for (const auto& s : sources)
        if (!s.device_id.empty()) return s.device_id;
    return {};
}

std::string FoundKey::id_text() const {
    if (key_id) return key_id->str();
    if (short_id) return short_id->str();
    return {};
}

bool FoundKey::fits(const KeyId& protector_id) const {
    if (key_id) return *key_id == protector_id;
    return short_id && short_id->matches(protector_id);
}

bool FoundKey::fits(const KeyIdPattern& pattern) const {
    if (key_id) return pattern.matches(*key_id);
    return short_id && prefixes_agree(*short_id, pattern);
}

bool FoundKey::same_key_as(const FoundKey& other) const {
    return kind == other.kind && secret == other.secret && ids_compatible(*this, other);
}

Credential FoundKey::to_credential() const {
    Credential c;
    c.kind = kind == FoundKeyKind::recovery_password ? Credential::Kind::recovery_password
                                                     : Credential::Kind::startup_key;
    c.secret = secret;
    c.key_id = key_id;
    c.origin = source().path + (source().line > 0 ? ":" + std::to_string(source().line) : std::string());
    return c;
}

namespace {

// Takes over from a duplicate what the first entry lacks.
void absorb(FoundKey& into, FoundKey& key) {
    if (key.key_id && !into.key_id) {
        into.key_id = key.key_id;
        into.short_id.reset();
    } else if (key.short_id && !into.has_id()) {
        into.short_id = key.short_id;
    } else if (key.short_id && into.short_id && key.short_id->str().size() > into.short_id->str().size()) {
        into.short_id = key.short_id;  // the longer prefix says more
    }
    if (key.volume_id && !into.volume_id) into.volume_id = key.volume_id;
    for (auto& s : key.sources) {
        auto same = std::find_if(into.sources.begin(), into.sources.end(),
                                 [&](const KeySource& t) { return same_place(s, t); });
        if (same == into.sources.end()) {
            into.sources.push_back(std::move(s));
        } else {
            if (same->computer.empty()) same->computer = s.computer;
            if (same->device_id.empty()) same->device_id = s.device_id;
        }
    }
}

bool secret_less(const FoundKey& a, const FoundKey& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return std::lexicographical_compare(a.secret.span().begin(), a.secret.span().end(), b.secret.span().begin(),
                                        b.secret.span().end());
}

}  // namespace

void merge_duplicate_keys(std::vector<FoundKey>& keys) {
    // Group equal secrets (stable: each group in first-found order), then merge within each group.
    std::vector<std::size_t> order(keys.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return secret_less(keys[a], keys[b]); });
    std::vector<bool> merged(keys.size(), false);
    constexpr std::size_t kMaxCandidates = 64;  // bounds hostile files with one secret under many IDs
    for (std::size_t g = 0; g < order.size();) {
        std::size_t end = g + 1;
        while (end < order.size() && !secret_less(keys[order[g]], keys[order[end]])) ++end;
        std::vector<std::size_t> kept;
        std::map<KeyId, std::size_t> by_id;
        for (std::size_t i = g; i < end; ++i) {
            FoundKey& key = keys[order[i]];
            std::size_t target = SIZE_MAX;
            if (key.key_id) {
                if (auto it = by_id.find(*key.key_id); it != by_id.end()) target = it->second;
            }
            for (std::size_t k = 0; target == SIZE_MAX && k < kept.size() && k < kMaxCandidates; ++k)
                if (keys[kept[k]].same_key_as(key)) target = kept[k];
            if (target == SIZE_MAX) {
                kept.push_back(order[i]);
                if (key.key_id) by_id.emplace(*key.key_id, order[i]);
                continue;
            }
            absorb(keys[target], key);
            merged[order[i]] = true;
            if (keys[target].key_id) by_id.emplace(*keys[target].key_id, target);
        }
        g = end;
    }
    std::size_t out = 0;
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (!merged[i]) {
            if (out != i) keys[out] = std::move(keys[i]);
            ++out;
        }
    keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(out), keys.end());
}

std::vector<const FoundKey*> keys_for(const std::vector<FoundKey>& keys, const std::vector<KeyId>& protector_ids,
                                      UnidentifiedKeys unidentified) {
    return keys_fitting(keys, protector_ids, unidentified);
}

std::vector<const FoundKey*> keys_for(const std::vector<FoundKey>& keys, const std::vector<KeyIdPattern>& patterns,
                                      UnidentifiedKeys unidentified) {
    return keys_fitting(keys, patterns, unidentified);
}

}  // namespace bde
