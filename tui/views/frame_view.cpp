#include "views/frame_view.hpp"

#include <fmt/format.h>

#include "ui_text.hpp"

namespace bde::tui {

namespace {

constexpr const char* kSteps[] = {"Drive", "Unlock", "Files", "Save to", "Copy"};

void draw_title(TextCanvas& c, int step) {
    c.fill(0, 0, c.cols(), " ", reverse(Tone::accent));
    c.put(0, 1, "BDE Rescue", {.bold = true, .reverse = true, .tone = Tone::accent});
    // The steps, right-aligned; the current one in brackets (not only highlighted).
    std::string steps;
    std::vector<std::pair<int, int>> current;  // column range of the current step
    for (int i = 0; i < 5; ++i) {
        if (i) steps += c.glyphs().unicode ? " › " : " > ";
        std::string name = fmt::format("{} {}", i + 1, kSteps[i]);
        if (step == i + 1) {
            current.push_back({display_width(steps), display_width(name) + 2});
            steps += "[" + name + "]";
        } else {
            steps += name;
        }
    }
    int col = c.cols() - 1 - display_width(steps);
    c.put(0, col, steps, reverse(Tone::accent));
    for (auto [start, width] : current)
        c.set_attr(0, col + start, width, {.bold = true, .reverse = false, .tone = Tone::accent});
}

void draw_key_bar(TextCanvas& c, const std::vector<KeyHint>& keys) {
    int row = c.rows() - 1;
    int col = 0;
    for (const auto& k : keys) {
        int need = display_width(k.keys) + 1 + display_width(k.label);
        if (col + need > c.cols()) break;
        col += c.put(row, col, k.keys, reverse());
        col += c.put(row, col, " " + k.label + "  ");
    }
}

}  // namespace

Rect draw_frame(TextCanvas& c, const FrameModel& f) {
    draw_title(c, f.step);
    c.put(1, 1, fit(f.heading, c.cols() - 2, c.glyphs().ellipsis), bold());
    c.hline(2, 0, c.cols(), toned(Tone::dim));
    c.hline(c.rows() - 3, 0, c.cols(), toned(Tone::dim));
    if (!f.message.empty()) {
        Attr a = toned(f.message_tone);
        a.bold = f.message_tone == Tone::bad || f.message_tone == Tone::warn;
        // A long message (an error from the core) takes the rule above it too, rather than losing its end.
        auto lines = wrap(f.message, c.cols() - 2);
        if (lines.size() > 1) {
            std::string rest;
            for (std::size_t i = 1; i < lines.size(); ++i) rest += (i > 1 ? " " : "") + lines[i];
            c.fill(c.rows() - 3, 0, c.cols(), " ", {});
            c.put(c.rows() - 3, 1, lines[0], a);
            c.put(c.rows() - 2, 1, fit(rest, c.cols() - 2, c.glyphs().ellipsis), a);
        } else {
            c.put(c.rows() - 2, 1, lines.empty() ? std::string() : lines[0], a);
        }
    }
    draw_key_bar(c, f.keys);
    return {3, 0, c.rows() - 6, c.cols()};
}

void draw_too_small(TextCanvas& c) {
    std::vector<std::string> lines = {
        "Window too small",
        fmt::format("This screen is {}x{}.", c.cols(), c.rows()),
        fmt::format("BDE Rescue needs at least {}x{}.", kMinCols, kMinRows),
        "Make the window larger",
        "(or press Ctrl-C to quit).",
    };
    std::vector<std::string> shown;
    for (const auto& l : lines)
        for (auto& w : wrap(l, std::max(1, c.cols() - 2))) shown.push_back(w);
    int top = std::max(0, (c.rows() - static_cast<int>(shown.size())) / 2);
    for (std::size_t i = 0; i < shown.size(); ++i)
        c.put_centered(top + static_cast<int>(i), shown[i], i == 0 ? bold(Tone::warn) : Attr{});
}

}  // namespace bde::tui
