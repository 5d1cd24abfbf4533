#include "views/browse_view.hpp"

#include "ui_text.hpp"
#include "views/list_window.hpp"

namespace bde::tui {

void draw_browse(TextCanvas& c, const Rect& body, const BrowseModel& m) {
    int col = body.col + 1;
    c.put(body.row, col, "Mark what to copy with Space. Enter or Right opens a folder, Left closes it.");
    int top = body.row + 2;
    int rows = body.rows - 4;  // keep a blank line and the summary at the bottom
    ListWindow w = list_window(static_cast<int>(m.rows.size()), m.selected, rows);
    for (int i = 0; i < w.count; ++i) {
        int index = w.first + i;
        const TreeRow& r = m.rows[static_cast<std::size_t>(index)];
        int row = top + i;
        bool sel = index == m.selected;
        if (sel) c.put(row, col, ">", bold());
        c.put(row, col + 2, std::string("[") + r.mark + "]", r.mark == ' ' ? Attr{} : bold(Tone::good));
        int x = col + 6 + 2 * r.depth;
        std::string name = r.is_dir ? std::string(r.expanded ? "- " : "+ ") + r.name + "\\" : "  " + r.name;
        int size_width = r.size.empty() ? 0 : display_width(r.size) + 2;
        int room = body.col + body.cols - 1 - x - size_width;
        c.put(row, x, fit(name, room, c.glyphs().ellipsis), r.is_dir ? bold() : Attr{});
        if (size_width) c.put_right(row, body.col + body.cols - 1, r.size, toned(Tone::dim));
        if (sel) c.set_attr(row, col + 2, body.cols - 3, {.bold = true, .reverse = true});
    }
    if (m.rows.empty()) c.put(top, col + 2, "(this folder is empty)", toned(Tone::dim));
    c.put(body.bottom() - 1, col, fit(m.summary, body.cols - 2, c.glyphs().ellipsis), bold());
}

}  // namespace bde::tui
