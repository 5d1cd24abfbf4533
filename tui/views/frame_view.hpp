#pragma once
// What every screen has: a title bar with the five steps (the current one marked), a heading, a message
// line, and a key bar at the bottom naming every key that does something here.
#include <string>
#include <vector>

#include "text_canvas.hpp"

namespace bde::tui {

inline constexpr int kMinRows = 24;
inline constexpr int kMinCols = 80;

struct KeyHint {
    std::string keys;   // "Enter", "F5/r", "Esc"
    std::string label;  // "Unlock"
};

struct FrameModel {
    int step = 0;                 // 1..5 (drive, unlock, files, save to, copy); 0 for none
    std::string heading;          // first line under the title bar
    std::string message;          // the line above the key bar: what just happened, what is wrong
    Tone message_tone = Tone::normal;
    std::vector<KeyHint> keys;
};

// Draws the frame and returns the area left for the screen's body.
Rect draw_frame(TextCanvas& canvas, const FrameModel& frame);

// Shown instead of everything else when the terminal is smaller than 80x24.
void draw_too_small(TextCanvas& canvas);

}  // namespace bde::tui
