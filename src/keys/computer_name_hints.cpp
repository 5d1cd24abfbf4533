#include "keys/computer_name_hints.hpp"

#include <algorithm>
#include <vector>

#include "keys/key_tokens.hpp"
#include "util/ascii_case.hpp"

namespace bde {
namespace {

std::string_view trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '\''; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    // A no-break space (U+00A0) often trails labels copied from web pages.
    while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
    return s;
}

// Labels that introduce a device or computer name, lower case, in the languages Windows and the
// Microsoft portals are most used in here. Keys are never found by label, only names.
bool is_device_label(std::string_view label) {
    static const char* const labels[] = {
        "device", "device name", "devicename", "computer", "computer name", "computername", "hostname",
        "host name", "host", "machine", "machine name", "pc", "pc name", "gerät", "gerätename",
        "gerätename (computer)", "rechner", "rechnername", "appareil", "nom de l'appareil", "nom de l’appareil",
        "ordinateur", "nom de l'ordinateur", "nom de l’ordinateur", "dispositivo", "nombre del dispositivo",
        "equipo", "nombre del equipo", "nome del dispositivo", "apparaat", "apparaatnaam", "computernaam",
        "nome do dispositivo", "デバイス名", "デバイス", "コンピューター名", "コンピュータ名"};
    std::string l = ascii_lower(label);
    return std::any_of(std::begin(labels), std::end(labels), [&](const char* x) { return l == x; });
}

bool holds_key_material(std::string_view s) { return !find_key_ids(s).empty() || !find_recovery_keys(s).empty(); }

std::vector<std::string_view> split_cells(std::string_view line) {
    std::vector<std::string_view> cells;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        bool end = i == line.size();
        bool sep = !end && (line[i] == '\t' || line[i] == '|' || line[i] == ';' || line[i] == ',');
        bool two_spaces = !end && line[i] == ' ' && i + 1 < line.size() && line[i + 1] == ' ';
        if (end || sep || two_spaces) {
            auto cell = trim(line.substr(start, i - start));
            if (!cell.empty()) cells.push_back(cell);
            if (two_spaces)
                while (i + 1 < line.size() && line[i + 1] == ' ') ++i;
            start = i + 1;
        }
    }
    return cells;
}

}  // namespace

bool looks_like_computer_name(std::string_view s) {
    s = trim(s);
    if (s.empty() || s.size() > 63 || s.front() == '-' || s.front() == '.') return false;
    bool letter = false;
    for (char c : s) {
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        letter |= alpha;
        if (!alpha && !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.') return false;
    }
    // Drive columns of the Microsoft-account page (OS, fixed data, removable data volume).
    std::string l = ascii_lower(s);
    if (l == "osv" || l == "fdv" || l == "rdv") return false;
    return letter && !holds_key_material(s);
}

std::optional<std::string> computer_from_label_line(std::string_view line) {
    std::size_t cut = line.find(':');
    std::size_t skip = 1;
    if (std::size_t wide = line.find("\xEF\xBC\x9A"); wide != std::string_view::npos && wide < cut) {
        cut = wide;  // U+FF1A, the full-width colon of Japanese pages
        skip = 3;
    }
    if (cut == std::string_view::npos) {
        cut = line.find('\t');
        skip = 1;
    }
    if (cut == std::string_view::npos) return std::nullopt;
    if (!is_device_label(trim(line.substr(0, cut)))) return std::nullopt;
    auto value = trim(line.substr(cut + skip));
    // With a label saying so, names with spaces ("Anna's Surface") are fine; keys and IDs are not names.
    if (value.empty() || value.size() > 63 || value.find('\t') != std::string_view::npos || holds_key_material(value))
        return std::nullopt;
    return std::string(value);
}

std::optional<std::string> computer_from_table_row(std::string_view line) {
    auto cells = split_cells(line);
    if (cells.size() < 3 || !looks_like_computer_name(cells.front())) return std::nullopt;
    return std::string(cells.front());
}

}  // namespace bde
