#pragma once
// Before anything is written: what will be copied, where to, how much, every warning, and the
// question with "No" selected.
#include <string>
#include <utility>
#include <vector>

#include "choice.hpp"
#include "text_canvas.hpp"

namespace bde::tui {

struct ConfirmModel {
    std::vector<std::pair<std::string, std::string>> facts;  // {"From:", "DESKTOP-B8H4DIM C: (nvme0n1p3)"}
    std::vector<std::string> warnings;                        // each shown with a "!" in front
    std::string reassurance;                                  // "Nothing is written to the encrypted drive."
    std::string question;                                     // "Start copying?"
    std::vector<Choice> buttons;
    int selected = 0;
};

void draw_confirm(TextCanvas& canvas, const Rect& body, const ConfirmModel& model);

// "[ No (n) ]  [ Yes (y) ]" with the selected one marked; shared with dialogs.
void draw_buttons(TextCanvas& canvas, int row, int col, const std::vector<Choice>& buttons, int selected);
int buttons_width(const std::vector<Choice>& buttons);

}  // namespace bde::tui
