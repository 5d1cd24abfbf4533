#include "keys/key_file_parser.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "keys/bek_file.hpp"
#include "keys/key_list_csv.hpp"
#include "keys/key_list_json.hpp"
#include "keys/key_text_parser.hpp"
#include "keys/text_decode.hpp"

namespace bde {
namespace {

std::string base_name(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool has_extension(const std::string& path, std::string_view ext) {
    std::string name = lower(base_name(path));
    return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
}

ParsedKeys parse_bek_file(std::span<const std::uint8_t> bytes, const std::string& path) {
    ParsedKeys out;
    auto bek = parse_bek(bytes);
    if (!bek) {
        out.notes.push_back({path, 0, bek.error().message + " (" + bek.error().detail + ")"});
        return out;
    }
    if (auto name_id = key_id_in_file_name(path)) {
        bool agree = name_id->full ? *name_id->full == bek->key_id : name_id->prefix->matches(bek->key_id);
        if (!agree)
            out.notes.push_back({path, 0, fmt::format("the file name names key ID {} but the file holds the key for {}: "
                                                      "using the one inside the file",
                                                      name_id->full ? name_id->full->str() : name_id->prefix->str(),
                                                      bek->key_id.str())});
    }
    FoundKey key;
    key.kind = FoundKeyKind::startup_key;
    key.key_id = bek->key_id;
    key.volume_id = bek->volume_id;
    key.secret = std::move(bek->key);
    key.sources.push_back({path, 0, "bek", ""});
    out.keys.push_back(std::move(key));
    return out;
}


// A hostile or badly damaged file can hold hundreds of thousands of near-keys: only the first are listed.
void summarise_dropped_notes(ParsedKeys& parsed, const std::string& path) {
    if (parsed.notes_dropped == 0) return;
    parsed.notes.push_back({path, 0, fmt::format("... and {} more problems in this file (not listed)", parsed.notes_dropped)});
    parsed.notes_dropped = 0;
}

ParsedKeys parse_text_file(std::span<const std::uint8_t> bytes, const std::string& path) {
    DecodedText decoded = decode_text(bytes);
    std::string_view text = decoded.view();
    ParsedKeys out;
    if (looks_like_json(text)) {
        JsonKeys json = parse_key_json(text, path);
        if (json.valid) {
            out = std::move(json.parsed);
        } else if (!json.parsed.keys.empty()) {
            out = std::move(json.parsed);
            out.notes.insert(out.notes.begin(), {path, static_cast<int>(json.error_line),
                                                 "this JSON file is damaged or incomplete here: only the keys before "
                                                 "this point were read"});
        } else {
            // Not JSON after all (or broken before any key): look for keys by shape.
            out = parse_key_text(text, path);
            out.notes.insert(out.notes.begin(), {path, static_cast<int>(json.error_line),
                                                 "this file is not valid JSON: it was read as plain text instead"});
        }
    } else if (looks_like_key_csv(text)) {
        out = parse_key_csv(text, path);
        if (out.keys.empty() && out.notes.empty())
            out.notes.push_back({path, 0, "this key list holds no recovery keys"});
    } else {
        out = parse_key_text(text, path);
    }
    if (out.keys.empty() && out.notes.empty() && name_suggests_key_file(path)) {
        bool text_like = looks_like_text(bytes);
        out.notes.push_back({path, 0, text_like ? "no BitLocker key found in this file"
                                                : "this file does not hold text (binary data or a damaged file): "
                                                  "no BitLocker key found in it"});
    }
    return out;
}

}  // namespace

bool name_suggests_key_file(const std::string& path) {
    if (has_extension(path, ".bek")) return true;
    std::string name = lower(base_name(path));
    static const char* const words[] = {"bitlocker", "recovery", "wiederherstellung", "récupération",
                                        "recuperación", "ripristino", "herstel", "回復キー"};
    for (const char* w : words)
        if (name.find(w) != std::string::npos) return true;
    return key_id_in_file_name(path).has_value();
}

ParsedKeys parse_key_file(std::span<const std::uint8_t> bytes, const std::string& path) {
    if (has_extension(path, ".bek") || looks_like_bek(bytes, bytes.size())) return parse_bek_file(bytes, path);
    ParsedKeys out = parse_text_file(bytes, path);
    summarise_dropped_notes(out, path);
    return out;
}

}  // namespace bde
