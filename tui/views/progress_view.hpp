#pragma once
// Step 5: a copy or image in progress. Two bars (everything, this file) with the numbers next to them,
// speed and time left, problems so far, and a loud line when paused or stalled.
#include <string>
#include <vector>

#include "text_canvas.hpp"

namespace bde::tui {

struct ProgressModel {
    std::string what;              // "Copying to sdc1 \"BACKUP\", folder DESKTOP-B8H4DIM 2026-11-05"
    double total = 0;              // 0..1
    std::vector<std::string> total_lines;    // "15.4 GB of 45.6 GB", "4,120 of 12,345 files", "85.2 MB/s ..."
    bool has_current = false;
    bool current_known = true;     // the file's size and progress are known: draw its bar
    double current = 0;
    std::string current_file;
    std::string current_line;      // "1.2 GB of 2.0 GB"
    std::string problems;          // "Problems so far: none" / "2 files could not be read (listed in the report)"
    Tone problems_tone = Tone::normal;
    std::vector<std::string> state;  // "PAUSED ..." / "STALLED ..." paragraphs; empty when running normally
    Tone state_tone = Tone::warn;
};

void draw_progress(TextCanvas& canvas, const Rect& body, const ProgressModel& model);

// "[#####.....]  42%" in `width` columns.
void draw_bar(TextCanvas& canvas, int row, int col, int width, double fraction);

}  // namespace bde::tui
