#include "views/confirm_view.hpp"

#include "ui_text.hpp"

namespace bde::tui {

namespace {

std::string button_text(const Choice& b) {
    return b.key ? "[ " + b.label + " (" + std::string(1, b.key) + ") ]" : "[ " + b.label + " ]";
}

}  // namespace

int buttons_width(const std::vector<Choice>& buttons) {
    int w = 0;
    for (const auto& b : buttons) w += display_width(button_text(b)) + 2;
    return w;
}

void draw_buttons(TextCanvas& c, int row, int col, const std::vector<Choice>& buttons, int selected) {
    for (int i = 0; i < static_cast<int>(buttons.size()); ++i) {
        bool sel = i == selected;
        if (sel) c.put(row, col - 1, ">", bold());
        col += c.put(row, col, button_text(buttons[static_cast<std::size_t>(i)]), sel ? reverse() : Attr{});
        col += 2;
    }
}

void draw_confirm(TextCanvas& c, const Rect& body, const ConfirmModel& m) {
    int col = body.col + 1;
    int row = body.row;
    for (const auto& [label, value] : m.facts) {
        c.put(row, col, label, bold());
        auto lines = wrap(value, body.cols - 14);
        for (const auto& l : lines) c.put(row++, col + 11, l);
    }
    if (!m.warnings.empty()) ++row;
    for (const auto& w : m.warnings) {
        auto lines = wrap(w, body.cols - 5);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (i == 0) c.put(row, col, "!", bold(Tone::warn));
            c.put(row++, col + 2, lines[i], toned(Tone::warn));
        }
    }
    if (!m.reassurance.empty()) {
        ++row;
        for (auto& l : wrap(m.reassurance, body.cols - 2)) c.put(row++, col, l);
    }
    int qrow = std::max(row + 1, body.bottom() - 2);
    int x = col + c.put(qrow, col, m.question, bold()) + 3;
    draw_buttons(c, qrow, x, m.buttons, m.selected);
}

}  // namespace bde::tui
