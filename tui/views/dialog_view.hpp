#pragma once
// A box over the current screen asking one question: confirmations (the safe answer is the default),
// a file that cannot be read (Retry / Skip / Skip all / Abort), help, the recovery key shown once.
#include <string>
#include <vector>

#include "choice.hpp"
#include "text_canvas.hpp"

namespace bde::tui {

struct DialogModel {
    std::string title;
    std::vector<std::string> lines;  // wrapped to the box; an empty string is a blank line
    std::vector<Choice> buttons;
    int selected = 0;                // marked with '>' and reverse video
    Tone tone = Tone::normal;
};

void draw_dialog(TextCanvas& canvas, const DialogModel& dialog);

}  // namespace bde::tui
