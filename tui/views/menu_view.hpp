#pragma once
// A few lines saying where we are, then a short list of things to do, one chosen with the arrows
// (or its number) and Enter. Used once a drive is unlocked.
#include <string>
#include <vector>

#include "text_canvas.hpp"

namespace bde::tui {

struct MenuItem {
    std::string label;        // "Copy files to another drive"
    std::string explanation;  // one line under it
    bool enabled = true;      // disabled items stay visible, with the reason as explanation
};

struct MenuModel {
    std::vector<std::string> status;  // paragraphs above the list
    Tone status_tone = Tone::good;
    std::vector<MenuItem> items;
    int selected = 0;
};

void draw_menu(TextCanvas& canvas, const Rect& body, const MenuModel& model);

}  // namespace bde::tui
