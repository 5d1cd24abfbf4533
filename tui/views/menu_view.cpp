#include "views/menu_view.hpp"

#include <fmt/format.h>

#include "ui_text.hpp"

namespace bde::tui {

void draw_menu(TextCanvas& c, const Rect& body, const MenuModel& m) {
    int row = body.row;
    int col = body.col + 1;
    bool first = true;
    for (const auto& s : m.status) {
        for (auto& l : wrap(s, body.cols - 2)) {
            if (row >= body.bottom()) return;
            c.put(row++, col, l, first ? bold(m.status_tone) : Attr{});
        }
        first = false;
    }
    ++row;
    for (int i = 0; i < static_cast<int>(m.items.size()) && row + 1 < body.bottom(); ++i) {
        const MenuItem& item = m.items[static_cast<std::size_t>(i)];
        bool sel = i == m.selected;
        if (sel) c.put(row, col, ">", bold());
        std::string label = fmt::format("{}  {}", i + 1, item.label);
        Attr a = !item.enabled ? toned(Tone::dim) : sel ? Attr{.bold = true, .reverse = true} : bold();
        c.put(row, col + 2, label, a);
        c.put(row + 1, col + 5, fit(item.explanation, body.cols - 7, c.glyphs().ellipsis), toned(Tone::dim));
        row += 3;
    }
}

}  // namespace bde::tui
