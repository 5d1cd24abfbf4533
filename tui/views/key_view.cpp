#include "views/key_view.hpp"

#include <fmt/format.h>

#include "ui_text.hpp"
#include "views/list_window.hpp"

namespace bde::tui {

namespace {

using GroupState = RecoveryKeyEntry::GroupState;

// Eight boxes "[123456]" joined by dashes, group numbers above, a mark below the box being typed and
// under every mistyped one ("wrong": never only a colour).
int draw_groups(TextCanvas& c, int row, int col, const KeyModel& m) {
    for (int g = 0; g < 8; ++g) {
        int x = col + g * 9;
        const KeyGroupView& v = m.groups[static_cast<std::size_t>(g)];
        bool bad = v.state == GroupState::invalid;
        c.put(row, x + 4, std::to_string(g + 1), g == m.active_group ? bold() : toned(Tone::dim));
        Attr box = bad ? Attr{.bold = true, .reverse = true, .tone = Tone::bad}
                       : v.state == GroupState::valid ? toned(Tone::good) : Attr{};
        c.put(row + 1, x, bad ? "!" : "[", box);
        std::string cells;
        for (char d : v.digits) cells += m.hidden ? c.glyphs().mask : std::string(1, d);
        for (std::size_t k = v.digits.size(); k < 6; ++k) cells += "_";
        c.put(row + 1, x + 1, cells, box);
        c.put(row + 1, x + 7, bad ? "!" : "]", box);
        if (g < 7) c.put(row + 1, x + 8, "-", toned(Tone::dim));
        if (bad) c.put(row + 2, x + 1, "wrong", bold(Tone::bad));
        else if (g == m.active_group) c.put(row + 2, x + 1, "^^^^^^", bold());
    }
    if (m.active_group < 8) {
        int typed = static_cast<int>(m.groups[static_cast<std::size_t>(m.active_group)].digits.size());
        c.cursor = std::make_pair(row + 1, col + m.active_group * 9 + 1 + std::min(typed, 5));
    }
    return row + 3;
}

int draw_ways(TextCanvas& c, int row, int col, const KeyModel& m) {
    if (m.ways.size() < 2) return row;
    int x = col + c.put(row, col, "Ways to unlock: ");
    for (const auto& [label, current] : m.ways) {
        if (current) x += c.put(row, x, "[" + label + "]", {.bold = true, .reverse = true});
        else x += c.put(row, x, " " + label + " ");
        x += 1;
    }
    return row + 2;
}

int draw_choices(TextCanvas& c, const Rect& area, const KeyModel& m) {
    int row = area.row;
    if (m.choices.empty()) {
        for (auto& l : wrap(m.empty_choices, area.cols - 2)) c.put(row++, area.col + 1, l);
        return row;
    }
    // Each choice takes up to three lines (key file names and the drive they are on are long); a longer
    // one ends with an ellipsis rather than losing its end silently.
    constexpr std::size_t kMaxLines = 3;
    std::vector<std::pair<std::string, int>> lines;
    for (int i = 0; i < static_cast<int>(m.choices.size()); ++i) {
        auto w = wrap(m.choices[static_cast<std::size_t>(i)], area.cols - 6);
        if (w.size() > kMaxLines) w[kMaxLines - 1] = fit(w[kMaxLines - 1] + " " + w[kMaxLines], area.cols - 6, c.glyphs().ellipsis);
        for (std::size_t k = 0; k < w.size() && k < kMaxLines; ++k) lines.push_back({w[k], i});
    }
    int selected_line = 0;
    while (selected_line < static_cast<int>(lines.size()) &&
           lines[static_cast<std::size_t>(selected_line)].second != m.choice_selected)
        ++selected_line;
    ListWindow win = list_window(static_cast<int>(lines.size()), selected_line, area.rows);
    int previous = -1;
    for (int i = 0; i < win.count; ++i) {
        const auto& [text, item] = lines[static_cast<std::size_t>(win.first + i)];
        bool sel = item == m.choice_selected;
        if (sel && item != previous) c.put(row, area.col + 1, ">", bold());
        c.put(row, area.col + 3 + (item == previous ? 2 : 0), text, sel ? Attr{.bold = true, .reverse = true} : Attr{});
        previous = item;
        ++row;
    }
    return row;
}

}  // namespace

void draw_key(TextCanvas& c, const Rect& body, const KeyModel& m) {
    int col = body.col + 1;
    int row = body.row;
    for (auto& l : wrap(m.intro, body.cols - 2)) c.put(row++, col, l);
    if (!m.key_ids.empty()) {
        ++row;
        std::string label = m.key_ids.size() == 1 ? "Recovery key ID: " : "Recovery key IDs:";
        c.put(row, col, label);
        for (std::size_t i = 0; i < m.key_ids.size() && i < 3; ++i)
            c.put(row++, col + 18, m.key_ids[i], bold(Tone::accent));
        c.put(row++, col + 18,
              fmt::format("(Windows shows the first 8 characters: {})", m.key_ids.front().substr(0, 8)),
              toned(Tone::dim));
    }
    ++row;
    row = draw_ways(c, row, col, m);

    switch (m.mode) {
        case KeyMode::recovery_key: {
            row = draw_groups(c, row, col + 2, m);
            ++row;
            for (const auto& h : m.hints)
                for (auto& l : wrap(h, body.cols - 2)) {
                    if (row >= body.bottom()) break;
                    c.put(row++, col, l);
                }
            break;
        }
        case KeyMode::password: {
            c.put(row, col, "Password:");
            std::string masked;
            for (int i = 0; i < m.password_length; ++i) masked += c.glyphs().mask;
            c.put(row, col + 11, "[" + pad(masked, 50) + "]");
            c.cursor = std::make_pair(row, col + 12 + std::min(m.password_length, 49));
            row += 2;
            c.put(row, col, "Passwords are case-sensitive: check Caps Lock and the keyboard layout.", toned(Tone::dim));
            break;
        }
        case KeyMode::found_key:
            draw_choices(c, {row, body.col, body.bottom() - row, body.cols}, m);
            break;
    }
}

}  // namespace bde::tui
