#include "keys/csv_reader.hpp"

#include "util/secure_buffer.hpp"

namespace bde {

void CsvRecord::wipe() {
    for (auto& c : cells) secure_wipe(c.data(), c.size());
    cells.clear();
}

char detect_csv_separator(std::string_view line) {
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (quoted) continue;
        else if (c == ',') ++comma;
        else if (c == ';') ++semicolon;
        else if (c == '\t') ++tab;
    }
    if (comma == 0 && semicolon == 0 && tab == 0) return 0;
    if (tab >= comma && tab >= semicolon) return '\t';
    return semicolon > comma ? ';' : ',';
}

bool CsvReader::next(CsvRecord& record) {
    record.wipe();
    // Skip blank lines between records.
    while (at_ < text_.size() && text_[at_] == '\n') {
        ++at_;
        ++line_;
    }
    if (at_ >= text_.size()) return false;
    record.line = line_;
    std::string cell;
    bool quoted = false, was_quoted = false;
    while (at_ < text_.size()) {
        char c = text_[at_++];
        if (quoted) {
            if (c == '"') {
                if (at_ < text_.size() && text_[at_] == '"') {
                    cell.push_back('"');
                    ++at_;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line_;
                cell.push_back(c);
            }
        } else if (c == '"' && !was_quoted && cell.find_first_not_of(" ") == std::string::npos) {
            cell.clear();
            quoted = was_quoted = true;
        } else if (c == sep_) {
            if (record.cells.size() < kMaxCells) record.cells.push_back(std::move(cell));
            secure_wipe(cell.data(), cell.size());
            cell = std::string();
            was_quoted = false;
        } else if (c == '\n') {
            ++line_;
            break;
        } else {
            cell.push_back(c);
        }
    }
    if (record.cells.size() < kMaxCells) record.cells.push_back(std::move(cell));
    secure_wipe(cell.data(), cell.size());
    return true;
}

}  // namespace bde
