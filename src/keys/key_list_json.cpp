#include "keys/key_list_json.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unordered_map>

#include "keys/key_list_fields.hpp"

namespace bde {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64;  // real exports nest 3 levels; deeper content is dropped while parsing

// Overwrites every string in the tree: the values included recovery keys.
void wipe_strings(json& j) {
    if (j.is_string()) {
        auto& s = j.get_ref<std::string&>();
        secure_wipe(s.data(), s.size());
    } else if (j.is_structured()) {
        for (auto& child : j) wipe_strings(child);
    }
}

std::string format_for(std::string_view key_field) {
    std::string n;
    for (char c : key_field)
        if (c != '-' && c != '_' && c != ' ') n.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    if (n == "key") return "graph-json";
    if (n == "recoverypassword") return "powershell-json";
    if (n.rfind("msfve", 0) == 0) return "ad-json";
    return "json";
}

class JsonKeyWalk {
public:
    JsonKeyWalk(std::string_view text, const std::string& path, ParsedKeys& out) : path_(path), out_(out) {
        // JSON values carry no positions: map each key's text to the line it first appears on.
        int line = 1;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t nl = text.find('\n', start);
            std::string_view l = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
            for (const auto& t : find_recovery_keys(l)) lines_.try_emplace(l.substr(t.pos, t.len), line);
            if (nl == std::string_view::npos) break;
            start = nl + 1;
            ++line;
        }
    }

    void visit(const json& j, const std::string& computer) {
        if (j.is_array())
            for (const auto& v : j) visit(v, computer);
        else if (j.is_object())
            visit_object(j, computer);
    }

private:
    void visit_object(const json& j, const std::string& inherited) {
        std::string computer, dn_computer, device_id, key_field;
        const std::string* key_text = nullptr;
        std::optional<IdToken> id;
        int id_rank = 0;  // 2: a key-ID field; 1: AD's Name or distinguished name
        for (const auto& [name, v] : j.items()) {
            if (!v.is_string()) continue;
            const auto& s = v.get_ref<const std::string&>();
            if (s.empty()) continue;
            switch (classify_key_field(name)) {
                case KeyField::computer:
                    if (computer.empty()) computer = s;
                    break;
                case KeyField::distinguished_name: {
                    auto ad = parse_recovery_dn(s);
                    dn_computer = ad.computer;
                    if (ad.key_id && id_rank < 1) id = IdToken{0, 0, ad.key_id, std::nullopt}, id_rank = 1;
                    break;
                }
                case KeyField::object_name:
                    if (auto k = key_id_in_recovery_name(s); k && id_rank < 1)
                        id = IdToken{0, 0, k, std::nullopt}, id_rank = 1;
                    break;
                case KeyField::key_id:
                    if (auto t = parse_key_id_value(s); t && id_rank < 2) id = t, id_rank = 2;
                    break;
                case KeyField::other_guid:
                    if (classify_device(name)) device_id = s;
                    break;
                case KeyField::recovery_key:
                    if (!key_text) key_text = &s, key_field = name;
                    break;
                case KeyField::unknown:
                    break;
            }
        }
        if (!key_text)
            for (const auto& [name, v] : j.items())
                if (v.is_string() && classify_key_field(name) == KeyField::unknown &&
                    !find_recovery_keys(v.get_ref<const std::string&>()).empty()) {
                    key_text = &v.get_ref<const std::string&>();
                    key_field = name;
                    break;
                }
        std::string here = !computer.empty() ? computer : !dn_computer.empty() ? dn_computer : inherited;
        if (key_text) add_key(*key_text, key_field, id, here.empty() ? device_id : here);
        for (const auto& [name, v] : j.items())
            if (v.is_structured()) visit(v, here);
    }

    static bool classify_device(std::string_view name) {
        std::string n;
        for (char c : name) n.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        return n == "deviceid" || n == "azureaddeviceid" || n == "azure_ad_device_id";
    }

    void add_key(const std::string& text, const std::string& field, const std::optional<IdToken>& id,
                 const std::string& computer) {
        auto tokens = find_recovery_keys(text);
        if (tokens.empty()) {
            out_.notes.push_back({path_, 0, fmt::format("the \"{}\" field does not hold a 48-digit recovery key", field)});
            return;
        }
        std::string_view token = std::string_view(text).substr(tokens.front().pos, tokens.front().len);
        auto where = lines_.find(token);
        int line = where == lines_.end() ? 0 : where->second;
        FoundRecoveryKey checked = check_found_recovery_key(token);
        if (!checked.key) {
            out_.notes.push_back({path_, line, "a recovery key here is not valid (" + checked.problem + "): it was skipped"});
            return;
        }
        FoundKey key;
        key.kind = FoundKeyKind::recovery_password;
        key.secret = std::move(*checked.key);
        if (id) {
            key.key_id = id->full;
            if (!id->full) key.short_id = id->prefix;
        }
        key.sources.push_back({path_, line, format_for(field), computer});
        add_found_key(out_.keys, std::move(key));
    }

    const std::string& path_;
    ParsedKeys& out_;
    std::unordered_map<std::string_view, int> lines_;
};

}  // namespace

bool looks_like_json(std::string_view text) {
    std::size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
}

Result<ParsedKeys> parse_key_json(std::string_view text, const std::string& path) {
    json doc;
    try {
        doc = json::parse(text.begin(), text.end(),
                          [](int depth, json::parse_event_t, json&) { return depth <= kMaxDepth; });
    } catch (const json::parse_error& e) {
        // e.what() quotes the text near the error, which may be a key: report only the position.
        return fail(Errc::corrupt, "This JSON file is damaged or incomplete.", fmt::format("error at byte {}", e.byte));
    } catch (const json::exception& e) {
        return fail(Errc::corrupt, "This JSON file is damaged or incomplete.", fmt::format("error {}", e.id));
    }
    ParsedKeys out;
    JsonKeyWalk(text, path, out).visit(doc, "");
    wipe_strings(doc);
    return out;
}

}  // namespace bde
