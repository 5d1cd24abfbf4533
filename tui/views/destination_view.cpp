#include "views/destination_view.hpp"

#include <algorithm>

#include "ui_text.hpp"
#include "views/list_window.hpp"

namespace bde::tui {

void draw_destination(TextCanvas& c, const Rect& body, const DestinationModel& m) {
    int col = body.col + 1;
    int row = body.row;
    for (auto& l : wrap(m.intro, body.cols - 2)) c.put(row++, col, l);
    ++row;
    if (m.lines.empty()) {
        for (auto& l : wrap(m.empty, body.cols - 2)) c.put(row++, col, l, bold(Tone::warn));
        return;
    }
    // The device column is as wide as the longest name (image file names are long), within limits.
    int device_cols = 12;
    for (const auto& d : m.lines) device_cols = std::max(device_cols, display_width(d.device));
    device_cols = std::min(device_cols, 26);
    int free_col = col + 2 + device_cols + 1, details_col = free_col + 27;
    int rows = (body.bottom() - 2 - row) / 2;  // two lines per drive; the folder line at the bottom
    ListWindow w = list_window(static_cast<int>(m.lines.size()), m.selected, rows);
    for (int i = 0; i < w.count; ++i) {
        int index = w.first + i;
        const DestinationLine& d = m.lines[static_cast<std::size_t>(index)];
        bool sel = index == m.selected;
        Attr a = !d.usable ? toned(Tone::dim) : sel ? Attr{.bold = true, .reverse = true} : Attr{};
        if (sel) c.put(row, col, ">", bold());
        c.put(row, col + 2, fit(d.device, device_cols, c.glyphs().ellipsis), a.reverse ? a : bold());
        c.put(row, free_col, d.free, a, 26);
        c.put(row, details_col, fit(d.details, body.col + body.cols - 1 - details_col, c.glyphs().ellipsis), a);
        if (sel) c.set_attr(row, col + 2, body.cols - 3, a);
        if (!d.note.empty())
            c.put(row + 1, col + 4, fit(d.note, body.cols - 6, c.glyphs().ellipsis),
                  d.usable ? toned(Tone::warn) : toned(Tone::dim));
        row += 2;
    }
    c.put(body.bottom() - 1, col, fit(m.folder, body.cols - 2, c.glyphs().ellipsis), bold());
}

}  // namespace bde::tui
