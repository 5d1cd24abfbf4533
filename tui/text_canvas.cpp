#include "text_canvas.hpp"

#include "ui_text.hpp"

namespace bde::tui {

const Glyphs& Glyphs::utf8() {
    static const Glyphs g{"─", "│", "┌", "┐", "└", "┘", "█", "░", "…", "→", "•", true};
    return g;
}

const Glyphs& Glyphs::ascii() {
    static const Glyphs g{"-", "|", "+", "+", "+", "+", "#", ".", "...", "->", "*", false};
    return g;
}

TextCanvas::TextCanvas(int rows, int cols, const Glyphs& glyphs)
    : rows_(rows < 0 ? 0 : rows), cols_(cols < 0 ? 0 : cols), glyphs_(&glyphs),
      cells_(static_cast<std::size_t>(rows_ * cols_)) {}

int TextCanvas::put(int row, int col, std::string_view text, Attr attr, int max_width) {
    if (row < 0 || row >= rows_) return 0;
    int limit = max_width < 0 ? cols_ : std::min(cols_, col + max_width);
    int c = col;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t start = i;
        char32_t cp = next_code_point(text, i);
        int w = code_point_width(cp);
        if (w == 0) {
            if (cp >= 0x20 && c > col && c - 1 >= 0 && c - 1 < cols_) {  // combining mark: joins the previous cell
                cell(row, c - 1).glyph.append(text.substr(start, i - start));
                continue;
            }
            cp = '?';
            w = 1;
        }
        if (c + w > limit) break;
        if (c >= 0) {
            Cell& target = cell(row, c);
            target.glyph.clear();
            if (cp == '?' && text[start] != '?') target.glyph = "?";
            else target.glyph.assign(text.substr(start, i - start));
            target.attr = attr;
            if (w == 2) {
                cell(row, c + 1).glyph.clear();
                cell(row, c + 1).attr = attr;
            }
        }
        c += w;
    }
    return c - col;
}

void TextCanvas::put_right(int row, int end_col, std::string_view text, Attr attr) {
    put(row, end_col - display_width(text), text, attr);
}

void TextCanvas::put_centered(int row, std::string_view text, Attr attr) {
    int w = display_width(text);
    put(row, w >= cols_ ? 0 : (cols_ - w) / 2, text, attr);
}

void TextCanvas::fill(int row, int col, int width, std::string_view glyph, Attr attr) {
    for (int i = 0; i < width; ++i) put(row, col + i, glyph, attr, 1);
}

void TextCanvas::box(const Rect& r, Attr attr) {
    if (r.rows < 2 || r.cols < 2) return;
    clear(r);
    int right = r.col + r.cols - 1, bottom = r.row + r.rows - 1;
    hline(r.row, r.col + 1, r.cols - 2, attr);
    hline(bottom, r.col + 1, r.cols - 2, attr);
    for (int y = r.row + 1; y < bottom; ++y) {
        put(y, r.col, glyphs_->vline, attr);
        put(y, right, glyphs_->vline, attr);
    }
    put(r.row, r.col, glyphs_->top_left, attr);
    put(r.row, right, glyphs_->top_right, attr);
    put(bottom, r.col, glyphs_->bottom_left, attr);
    put(bottom, right, glyphs_->bottom_right, attr);
}

void TextCanvas::clear(const Rect& r) {
    for (int y = std::max(0, r.row); y < std::min(rows_, r.row + r.rows); ++y)
        for (int x = std::max(0, r.col); x < std::min(cols_, r.col + r.cols); ++x) cell(y, x) = Cell{};
}

void TextCanvas::set_attr(int row, int col, int width, Attr attr) {
    if (row < 0 || row >= rows_) return;
    for (int x = std::max(0, col); x < std::min(cols_, col + width); ++x) cell(row, x).attr = attr;
}

std::string TextCanvas::row_text(int row) const {
    std::string out;
    for (int x = 0; x < cols_; ++x) out += at(row, x).glyph;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string TextCanvas::text() const {
    std::string out;
    int last = rows_ - 1;
    while (last >= 0 && row_text(last).empty()) --last;
    for (int y = 0; y <= last; ++y) {
        out += row_text(y);
        out += '\n';
    }
    return out;
}

}  // namespace bde::tui
