#pragma once
// A fixed-size grid of character cells that views draw into. It knows nothing of curses: the terminal
// backend copies it to the screen, tests compare its text with expected screens, the line mode prints it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bde::tui {

// What a colour means, not which colour it is: the backend maps tones onto colour pairs when the
// terminal has colours. Views never rely on a tone alone (there is always a word or a mark too).
enum class Tone : std::uint8_t { normal, accent, good, warn, bad, dim };

struct Attr {
    bool bold = false;
    bool reverse = false;
    bool underline = false;
    Tone tone = Tone::normal;
    friend bool operator==(const Attr&, const Attr&) = default;
};

inline Attr bold(Tone t = Tone::normal) { return {.bold = true, .tone = t}; }
inline Attr reverse(Tone t = Tone::normal) { return {.reverse = true, .tone = t}; }
inline Attr toned(Tone t) { return {.tone = t}; }

// Line and bar characters: box drawing on UTF-8 terminals, plain ASCII elsewhere (vt100, a
// non-UTF-8 Linux console, a serial line).
struct Glyphs {
    const char* hline;
    const char* vline;
    const char* top_left;
    const char* top_right;
    const char* bottom_left;
    const char* bottom_right;
    const char* bar_full;
    const char* bar_empty;
    const char* ellipsis;
    const char* arrow;   // "->" or "→"
    const char* mask;    // a hidden digit or password character
    bool unicode;
    static const Glyphs& utf8();
    static const Glyphs& ascii();
};

struct Cell {
    std::string glyph = " ";    // one code point (plus combining marks); empty for the right half of a wide one
    Attr attr;
};

struct Rect {
    int row = 0, col = 0, rows = 0, cols = 0;
    int bottom() const { return row + rows; }  // one past the last row
};

class TextCanvas {
public:
    TextCanvas(int rows, int cols, const Glyphs& glyphs = Glyphs::ascii());

    int rows() const { return rows_; }
    int cols() const { return cols_; }
    const Glyphs& glyphs() const { return *glyphs_; }

    // Writes UTF-8 text at (row, col), clipped to the canvas and to max_width columns when given.
    // Returns the number of columns written. Control characters are shown as '?'.
    int put(int row, int col, std::string_view text, Attr attr = {}, int max_width = -1);
    // Right-aligns text so it ends just before column `end_col`.
    void put_right(int row, int end_col, std::string_view text, Attr attr = {});
    void put_centered(int row, std::string_view text, Attr attr = {});
    // Repeats a glyph over `width` columns.
    void fill(int row, int col, int width, std::string_view glyph, Attr attr = {});
    void hline(int row, int col, int width, Attr attr = {}) { fill(row, col, width, glyphs_->hline, attr); }
    // A frame; the inside is cleared.
    void box(const Rect& r, Attr attr = {});
    void clear(const Rect& r);
    // Changes the attributes of existing cells (to highlight a selected row).
    void set_attr(int row, int col, int width, Attr attr);

    const Cell& at(int row, int col) const { return cells_[static_cast<std::size_t>(row * cols_ + col)]; }
    std::string row_text(int row) const;  // trailing spaces removed
    std::string text() const;             // every row, '\n'-separated, trailing spaces and blank rows removed

    // Where the terminal cursor should be (text entry), or nothing to hide it.
    std::optional<std::pair<int, int>> cursor;

private:
    Cell& cell(int row, int col) { return cells_[static_cast<std::size_t>(row * cols_ + col)]; }
    int rows_, cols_;
    const Glyphs* glyphs_;
    std::vector<Cell> cells_;
};

}  // namespace bde::tui
