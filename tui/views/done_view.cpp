#include "views/done_view.hpp"

#include <algorithm>

#include "ui_text.hpp"

namespace bde::tui {

void draw_done(TextCanvas& c, const Rect& body, const DoneModel& m) {
    int col = body.col + 1;
    int row = body.row;
    for (auto& l : wrap(m.headline, body.cols - 2)) c.put(row++, col, l, bold(m.tone));
    ++row;
    int label_cols = 12;  // the values line up after the longest label
    for (const auto& f : m.facts) label_cols = std::max(label_cols, display_width(f.first) + 1);
    for (const auto& [label, value] : m.facts) {
        c.put(row, col + 2, label, bold());
        for (const auto& l : wrap(value, body.cols - 4 - label_cols)) c.put(row++, col + 2 + label_cols, l);
    }
    if (m.next.empty()) return;
    ++row;
    c.put(row++, col, "What next:", bold());
    for (const auto& n : m.next) {
        auto lines = wrap(n, body.cols - 6);
        for (std::size_t i = 0; i < lines.size() && row < body.bottom(); ++i) {
            if (i == 0) c.put(row, col + 2, "*");
            c.put(row++, col + 4, lines[i]);
        }
    }
}

}  // namespace bde::tui
