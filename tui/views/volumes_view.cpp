#include "views/volumes_view.hpp"

#include <algorithm>
#include <functional>

#include "ui_text.hpp"
#include "views/list_window.hpp"

namespace bde::tui {

namespace {

struct Line {
    std::function<void(TextCanvas&, int row)> draw;
    int item = -1;  // the selectable entry this line belongs to
};

// The device column is as wide as the longest name (image file names are long), within limits.
int device_width(const VolumesModel& m) {
    int w = 9;
    for (const auto* list : {&m.bitlocker, &m.others})
        for (const auto& v : *list) w = std::max(w, display_width(v.device));
    return std::min(w, 26);
}

void draw_item_line(TextCanvas& c, int row, const Rect& body, const VolumeLine& v, bool selected, int device_cols) {
    int x = body.col;
    if (selected) c.put(row, x + 1, ">", bold());
    c.put(row, x + 3, fit(v.device, device_cols, c.glyphs().ellipsis), bold());
    int size_col = x + 3 + device_cols + 2;
    c.put(row, size_col, v.size, {}, 22);
    int model_col = size_col + 23;
    c.put(row, model_col, fit(v.model, body.col + body.cols - 1 - model_col, c.glyphs().ellipsis));
    if (selected) c.set_attr(row, x + 3, body.cols - 4, {.bold = true, .reverse = true});
}

}  // namespace

void draw_volumes(TextCanvas& c, const Rect& body, const VolumesModel& m) {
    std::vector<Line> lines;
    auto text = [&](std::string s, Attr a = {}) {
        for (auto& w : wrap(s, body.cols - 2))
            lines.push_back({[w, a, &body](TextCanvas& cv, int row) { cv.put(row, body.col + 1, w, a); }});
    };
    auto blank = [&] { lines.push_back({[](TextCanvas&, int) {}}); };

    int item = 0;
    int device_cols = device_width(m);
    if (!m.bitlocker.empty()) {
        text("BitLocker drives: choose the one to rescue and press Enter.", bold());
        for (const auto& v : m.bitlocker) {
            bool sel = item == m.selected;
            lines.push_back({[&, sel](TextCanvas& cv, int row) { draw_item_line(cv, row, body, v, sel, device_cols); }, item});
            lines.push_back({[&, sel](TextCanvas& cv, int row) {
                                 Attr a = toned(v.tone);
                                 if (sel) a = {.bold = true, .reverse = true, .tone = v.tone};
                                 cv.put(row, body.col + 5, fit(v.details, body.cols - 6, cv.glyphs().ellipsis), a);
                             },
                             item});
            ++item;
        }
    }
    if (!m.others.empty()) {
        if (!lines.empty()) blank();
        text("Other drives (they can hold key files or receive the copies):", bold());
        for (const auto& v : m.others) {
            bool sel = item == m.selected;
            VolumeLine shown = v;
            shown.model = v.details.empty() ? v.model : v.details + (v.model.empty() ? "" : ", " + v.model);
            lines.push_back({[&body, shown, sel, device_cols](TextCanvas& cv, int row) {
                                 draw_item_line(cv, row, body, shown, sel, device_cols);
                             },
                             item});
            ++item;
        }
    }
    if (!m.notices.empty()) {
        if (!lines.empty()) blank();
        for (const auto& n : m.notices) text(n);
    }

    int selected_line = 0;
    for (int i = 0; i < static_cast<int>(lines.size()); ++i)
        if (lines[static_cast<std::size_t>(i)].item == m.selected) {
            selected_line = i;
            break;
        }
    ListWindow w = list_window(static_cast<int>(lines.size()), selected_line + 1, body.rows);
    for (int i = 0; i < w.count; ++i) lines[static_cast<std::size_t>(w.first + i)].draw(c, body.row + i);
}

}  // namespace bde::tui
