#include "keys/key_list_json.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "keys/key_list_fields.hpp"

namespace bde {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxFrames = 256;  // real exports nest 3 levels; deeper content is ignored

std::string lower_ascii(std::string_view s) {
    std::string n;
    for (char c : s)
        if (c != '-' && c != '_' && c != ' ') n.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    return n;
}

std::string format_for(std::string_view key_field) {
    std::string n = lower_ascii(key_field);
    if (n == "key") return "graph-json";
    if (n == "recoverypassword") return "powershell-json";
    if (n.rfind("msfve", 0) == 0) return "ad-json";
    return "json";
}

// What one JSON object has said about a key so far.
struct Frame {
    bool object = false;
    std::string field;      // the member name whose value comes next
    std::string inherited;  // computer named by enclosing objects
    std::string computer, dn_computer, device_id;
    std::optional<IdToken> id;
    int id_rank = 0;        // 2: a key-ID field; 1: AD's Name or distinguished name
    std::string key_text, key_field;
    bool key_field_known = false;

    Frame() = default;
    Frame(Frame&&) = default;
    Frame& operator=(Frame&&) = default;
    ~Frame() { secure_wipe(key_text.data(), key_text.size()); }

    std::string named_computer() const {
        return !computer.empty() ? computer : !dn_computer.empty() ? dn_computer : inherited;
    }
};

// Streams through the document: each object holding a recovery key yields it when the object ends (or
// when the document breaks off inside it).
class KeySax final : public nlohmann::json_sax<json> {
public:
    KeySax(std::string_view text, const std::string& path, ParsedKeys& out) : path_(path), out_(out) {
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

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }

    bool string(string_t& value) override {
        if (!ignored_ && !frames_.empty() && frames_.back().object) on_string(frames_.back(), value);
        secure_wipe(value.data(), value.size());
        return true;
    }
    bool key(string_t& name) override {
        if (!ignored_ && !frames_.empty()) frames_.back().field = name;
        return true;
    }
    bool start_object(std::size_t) override { return push(true); }
    bool start_array(std::size_t) override { return push(false); }
    bool end_object() override { return pop(); }
    bool end_array() override { return pop(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        error_at_ = position;
        return false;
    }

    // After a parse error: what the open objects hold is still worth having.
    void flush_open_objects() {
        ignored_ = 0;
        while (!frames_.empty()) pop();
    }
    std::optional<std::size_t> error_at() const { return error_at_; }

private:
    bool push(bool object) {
        if (ignored_ || frames_.size() >= kMaxFrames) {
            ++ignored_;
            return true;
        }
        Frame f;
        f.object = object;
        if (!frames_.empty()) f.inherited = frames_.back().named_computer();
        frames_.push_back(std::move(f));
        return true;
    }

    bool pop() {
        if (ignored_) {
            --ignored_;
            return true;
        }
        if (frames_.empty()) return true;
        Frame f = std::move(frames_.back());
        frames_.pop_back();
        if (f.object && !f.key_text.empty()) add_key(f);
        return true;
    }

    void on_string(Frame& f, const std::string& s) {
        if (s.empty()) return;
        switch (classify_key_field(f.field)) {
            case KeyField::computer:
                if (f.computer.empty()) f.computer = s;
                break;
            case KeyField::distinguished_name: {
                auto ad = parse_recovery_dn(s);
                f.dn_computer = ad.computer;
                if (ad.key_id && f.id_rank < 1) f.id = IdToken{0, 0, ad.key_id, std::nullopt}, f.id_rank = 1;
                break;
            }
            case KeyField::object_name:
                if (auto k = key_id_in_recovery_name(s); k && f.id_rank < 1)
                    f.id = IdToken{0, 0, k, std::nullopt}, f.id_rank = 1;
                break;
            case KeyField::key_id:
                if (auto t = parse_key_id_value(s); t && f.id_rank < 2) f.id = t, f.id_rank = 2;
                break;
            case KeyField::other_guid:
                if (is_device_id_field(f.field)) f.device_id = s;
                break;
            case KeyField::recovery_key:
                if (!f.key_field_known) set_key(f, s, true);
                break;
            case KeyField::unknown:
                if (f.key_text.empty() && !find_recovery_keys(s).empty()) set_key(f, s, false);
                break;
        }
    }

    static void set_key(Frame& f, const std::string& s, bool known) {
        secure_wipe(f.key_text.data(), f.key_text.size());
        f.key_text = s;
        f.key_field = f.field;
        f.key_field_known = known;
    }

    void add_key(const Frame& f) {
        auto tokens = find_recovery_keys(f.key_text);
        if (tokens.empty()) {
            out_.note(path_, 0, fmt::format("the \"{}\" field does not hold a 48-digit recovery key", f.key_field));
            return;
        }
        std::string_view token = std::string_view(f.key_text).substr(tokens.front().pos, tokens.front().len);
        auto where = lines_.find(token);
        int line = where == lines_.end() ? 0 : where->second;
        FoundRecoveryKey checked = check_found_recovery_key(token);
        if (!checked.key) {
            out_.note(path_, line, "a recovery key here is not valid (" + checked.problem + "): it was skipped");
            return;
        }
        out_.keys.push_back(found_recovery_key(std::move(*checked.key), f.id ? &*f.id : nullptr,
                                               {path_, line, format_for(f.key_field), f.named_computer(), f.device_id}));
    }

    const std::string& path_;
    ParsedKeys& out_;
    std::unordered_map<std::string_view, int> lines_;
    std::vector<Frame> frames_;
    std::size_t ignored_ = 0;  // nesting levels below kMaxFrames being skipped
    std::optional<std::size_t> error_at_;
};

}  // namespace

bool looks_like_json(std::string_view text) {
    std::size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
}

JsonKeys parse_key_json(std::string_view text, const std::string& path) {
    JsonKeys out;
    KeySax sax(text, path, out.parsed);
    bool ok = false;
    try {
        ok = json::sax_parse(text.begin(), text.end(), &sax);
    } catch (const json::exception&) {
        ok = false;
    }
    if (ok) {
        merge_duplicate_keys(out.parsed.keys);
        return out;
    }
    sax.flush_open_objects();
    merge_duplicate_keys(out.parsed.keys);
    out.valid = false;
    std::size_t at = std::min(sax.error_at().value_or(text.size()), text.size());
    out.error_line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    return out;
}

}  // namespace bde
