#include "views/progress_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ui_text.hpp"

namespace bde::tui {

void draw_bar(TextCanvas& c, int row, int col, int width, double fraction) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    int percent = static_cast<int>(std::floor(fraction * 100));
    std::string label = fmt::format(" {:3}%", percent);
    int inner = width - 2 - static_cast<int>(label.size());
    int full = static_cast<int>(std::floor(fraction * inner));
    c.put(row, col, "[");
    c.fill(row, col + 1, full, c.glyphs().bar_full, toned(Tone::good));
    c.fill(row, col + 1 + full, inner - full, c.glyphs().bar_empty, toned(Tone::dim));
    c.put(row, col + 1 + inner, "]");
    c.put(row, col + 2 + inner, label, bold());
}

void draw_progress(TextCanvas& c, const Rect& body, const ProgressModel& m) {
    int col = body.col + 1;
    int row = body.row;
    for (auto& l : wrap(m.what, body.cols - 2)) c.put(row++, col, l);
    ++row;
    c.put(row, col, "All", bold());
    draw_bar(c, row++, col + 13, body.cols - 15, m.total);
    for (const auto& l : m.total_lines) c.put(row++, col + 14, l);
    ++row;
    if (m.has_current) {
        c.put(row, col, "This file", bold());
        if (m.current_known) draw_bar(c, row++, col + 13, body.cols - 15, m.current);
        c.put(row++, col + 14, fit_left(m.current_file, body.cols - 16, c.glyphs().ellipsis));
        if (m.current_known) c.put(row++, col + 14, m.current_line);
        ++row;
    }
    for (auto& l : wrap(m.problems, body.cols - 2)) c.put(row++, col, l, toned(m.problems_tone));
    ++row;
    bool first = true;
    for (const auto& s : m.state)
        for (auto& l : wrap(s, body.cols - 2)) {
            if (row >= body.bottom()) return;
            c.put(row++, col, l, first ? Attr{.bold = true, .reverse = true, .tone = m.state_tone} : toned(m.state_tone));
            first = false;
        }
}

}  // namespace bde::tui
