#include "keys/found_key.hpp"

#include <algorithm>

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

void add_found_key(std::vector<FoundKey>& keys, FoundKey key) {
    auto existing = std::find_if(keys.begin(), keys.end(), [&](const FoundKey& k) { return k.same_key_as(key); });
    if (existing == keys.end()) {
        keys.push_back(std::move(key));
        return;
    }
    FoundKey& into = *existing;
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

std::vector<const FoundKey*> keys_for(const std::vector<FoundKey>& keys, const std::vector<KeyId>& protector_ids,
                                      UnidentifiedKeys unidentified) {
    return keys_fitting(keys, protector_ids, unidentified);
}

std::vector<const FoundKey*> keys_for(const std::vector<FoundKey>& keys, const std::vector<KeyIdPattern>& patterns,
                                      UnidentifiedKeys unidentified) {
    return keys_fitting(keys, patterns, unidentified);
}

}  // namespace bde
