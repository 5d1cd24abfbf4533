#include "keys/key_list_csv.hpp"

#include <fmt/format.h>

#include "keys/computer_name_hints.hpp"
#include "keys/csv_reader.hpp"
#include "keys/key_list_fields.hpp"

namespace bde {
namespace {

// Where the header row starts: PowerShell's Export-Csv writes "#TYPE <class>" first.
struct HeaderStart {
    std::size_t offset = 0;
    int line = 1;
};

HeaderStart find_header(std::string_view text) {
    HeaderStart h;
    while (h.offset < text.size()) {
        std::size_t nl = text.find('\n', h.offset);
        std::string_view line = text.substr(h.offset, nl == std::string_view::npos ? std::string_view::npos : nl - h.offset);
        bool skip = line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#';
        if (!skip || nl == std::string_view::npos) break;
        h.offset = nl + 1;
        ++h.line;
    }
    return h;
}

std::string_view header_line(std::string_view text, const HeaderStart& h) {
    std::string_view rest = text.substr(std::min(h.offset, text.size()));
    return rest.substr(0, rest.find('\n'));
}

std::vector<KeyField> header_fields(const CsvRecord& header) {
    std::vector<KeyField> fields;
    for (const auto& c : header.cells) fields.push_back(classify_key_field(c));
    return fields;
}

const std::string* cell(const CsvRecord& r, std::size_t i) { return i < r.cells.size() ? &r.cells[i] : nullptr; }

// The ID of a row: its key-ID column, else the GUID in AD's Name or distinguished name, else a GUID in
// any column not known to hold some other GUID.
std::optional<IdToken> row_id(const CsvRecord& r, const std::vector<KeyField>& fields, std::size_t key_col) {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == KeyField::key_id && cell(r, i))
            if (auto id = parse_key_id_value(*cell(r, i))) return id;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::string* c = cell(r, i);
        if (!c) continue;
        std::optional<KeyId> id;
        if (fields[i] == KeyField::object_name) id = key_id_in_recovery_name(*c);
        if (fields[i] == KeyField::distinguished_name) id = parse_recovery_dn(*c).key_id;
        if (id) return IdToken{0, 0, id, std::nullopt};
    }
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
        if (i == key_col || (i < fields.size() && fields[i] != KeyField::unknown)) continue;
        for (auto& t : find_key_ids(r.cells[i]))
            if (t.full) return t;
    }
    return std::nullopt;
}

std::string row_computer(const CsvRecord& r, const std::vector<KeyField>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == KeyField::computer && cell(r, i) && !cell(r, i)->empty()) return *cell(r, i);
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == KeyField::distinguished_name && cell(r, i))
            if (auto ad = parse_recovery_dn(*cell(r, i)); !ad.computer.empty()) return ad.computer;
    // Home-made lists call the computer column "Name".
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == KeyField::object_name && cell(r, i) && looks_like_computer_name(*cell(r, i)))
            return *cell(r, i);
    return {};
}

std::string row_device_id(const CsvRecord& r, const CsvRecord& header) {
    for (std::size_t i = 0; i < header.cells.size() && i < r.cells.size(); ++i)
        if (is_device_id_field(header.cells[i]) && !r.cells[i].empty()) return r.cells[i];
    return {};
}

}  // namespace

bool looks_like_key_csv(std::string_view text) {
    HeaderStart h = find_header(text);
    std::string_view line = header_line(text, h);
    char sep = detect_csv_separator(line);
    if (sep == 0) return false;
    CsvRecord header;
    CsvReader reader(line, sep);
    if (!reader.next(header) || header.cells.size() < 2) return false;
    for (KeyField f : header_fields(header))
        if (f == KeyField::recovery_key || f == KeyField::key_id || f == KeyField::distinguished_name) return true;
    return false;
}

ParsedKeys parse_key_csv(std::string_view text, const std::string& path) {
    ParsedKeys out;
    HeaderStart h = find_header(text);
    char sep = detect_csv_separator(header_line(text, h));
    if (sep == 0) return out;
    CsvReader reader(text.substr(h.offset), sep);
    CsvRecord header, row;
    if (!reader.next(header)) return out;
    std::vector<KeyField> fields = header_fields(header);
    bool ad = false;
    for (std::size_t i = 0; i < header.cells.size(); ++i)
        ad |= fields[i] == KeyField::distinguished_name || header.cells[i].rfind("msFVE", 0) == 0 ||
              header.cells[i].rfind("msfve", 0) == 0;
    const std::string format = ad ? "ad-csv" : "csv";

    while (reader.next(row)) {
        int line = row.line + h.line - 1;
        // The key: from a key column when the file has one, else any cell shaped like a key.
        std::size_t key_col = std::string::npos;
        std::optional<DigitKeyToken> token;
        for (std::size_t i = 0; i < row.cells.size() && key_col == std::string::npos; ++i) {
            bool key_column = i < fields.size() && fields[i] == KeyField::recovery_key;
            if (!key_column || row.cells[i].empty()) continue;
            key_col = i;
            auto found = find_recovery_keys(row.cells[i]);
            if (found.empty()) {
                out.note(path, line, fmt::format("the {} column does not hold a 48-digit recovery key", header.cells[i]));
            } else {
                token = found.front();
            }
        }
        for (std::size_t i = 0; i < row.cells.size() && key_col == std::string::npos; ++i) {
            auto found = find_recovery_keys(row.cells[i]);
            if (found.empty()) continue;
            key_col = i;
            token = found.front();
        }
        if (!token) continue;
        FoundRecoveryKey checked = check_found_recovery_key(std::string_view(row.cells[key_col]).substr(token->pos, token->len));
        if (!checked.key) {
            out.note(path, line, "the recovery key in this row is not valid (" + checked.problem + "): it was skipped");
            continue;
        }
        auto id = row_id(row, fields, key_col);
        out.keys.push_back(found_recovery_key(std::move(*checked.key), id ? &*id : nullptr,
                                              {path, line, format, row_computer(row, fields), row_device_id(row, header)}));
    }
    merge_duplicate_keys(out.keys);
    return out;
}

}  // namespace bde
