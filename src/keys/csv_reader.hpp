#pragma once
// A small RFC 4180-style CSV reader for key lists: quoted fields ("" is a quote, separators and line
// breaks allowed inside quotes), ',' or ';' or tab as separator. Cells may hold recovery keys: they are
// wiped when the reader moves on.
#include <string>
#include <string_view>
#include <vector>

namespace bde {

struct CsvRecord {
    int line = 0;  // 1-based line the record starts on
    std::vector<std::string> cells;
    void wipe();   // overwrites and clears the cells
    ~CsvRecord() { wipe(); }
};

// The separator the header line uses most (outside quotes) among ',', ';' and tab; 0 when it has none.
char detect_csv_separator(std::string_view header_line);

class CsvReader {
public:
    static constexpr std::size_t kMaxCells = 1000;  // cells past this in a record are read over, not kept
    CsvReader(std::string_view text, char separator) : text_(text), sep_(separator) {}
    // Reads the next record (skipping blank lines); false at the end.
    bool next(CsvRecord& record);

private:
    std::string_view text_;
    char sep_;
    std::size_t at_ = 0;
    int line_ = 1;
};

}  // namespace bde
