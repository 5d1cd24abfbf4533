#include "views/dialog_view.hpp"

#include <algorithm>

#include "ui_text.hpp"
#include "views/confirm_view.hpp"

namespace bde::tui {

void draw_dialog(TextCanvas& c, const DialogModel& d) {
    int width = std::max({46, display_width(d.title) + 6, buttons_width(d.buttons) + 4});
    for (const auto& l : d.lines) width = std::max(width, display_width(l) + 4);
    width = std::min(width, c.cols() - 4);

    std::vector<std::string> lines;
    for (const auto& l : d.lines)
        for (auto& w : wrap(l, width - 4)) lines.push_back(w);
    int height = static_cast<int>(lines.size()) + 4 + (d.buttons.empty() ? 0 : 1);
    height = std::min(height, c.rows() - 2);
    Rect box{(c.rows() - height) / 2, (c.cols() - width) / 2, height, width};

    Attr frame = toned(d.tone);
    c.clear({box.row, box.col - 1, box.rows, box.cols + 2});  // a margin, so text beneath does not touch the frame
    c.box(box, frame);
    c.put(box.row, box.col + 2, " " + fit(d.title, width - 6, c.glyphs().ellipsis) + " ", bold(d.tone));
    int row = box.row + 2;
    int last_text_row = box.bottom() - (d.buttons.empty() ? 2 : 4);
    for (const auto& l : lines) {
        if (row > last_text_row) break;
        c.put(row++, box.col + 2, l, {}, width - 4);
    }
    if (d.buttons.empty()) return;
    draw_buttons(c, box.bottom() - 2, box.col + (width - buttons_width(d.buttons)) / 2 + 1, d.buttons, d.selected);
}

}  // namespace bde::tui
