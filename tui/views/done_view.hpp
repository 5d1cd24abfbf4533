#pragma once
// The end of a copy or image: what happened in numbers, where the files and the report are, and
// what to do next.
#include <string>
#include <utility>
#include <vector>

#include "text_canvas.hpp"

namespace bde::tui {

struct DoneModel {
    std::string headline;   // "Your files are copied." / "Finished, but 2 files could not be read."
    Tone tone = Tone::good;
    std::vector<std::pair<std::string, std::string>> facts;  // {"Copied:", "12,340 files (45.5 GB)"}
    std::vector<std::string> next;                            // what to do now, one step a line
};

void draw_done(TextCanvas& canvas, const Rect& body, const DoneModel& model);

}  // namespace bde::tui
