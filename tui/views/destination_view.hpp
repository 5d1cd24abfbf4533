#pragma once
// Step 4: where the copies go. Every writable drive except the one being rescued, with its free space
// and file system; drives that cannot be used are shown with the reason.
#include <string>
#include <vector>

#include "text_canvas.hpp"

namespace bde::tui {

struct DestinationLine {
    std::string device;   // "sdc1"
    std::string free;     // "1.8 TB free of 2.0 TB"
    std::string details;  // "exFAT \"BACKUP\", WD Elements"
    std::string note;     // a warning or the reason it cannot be used
    bool usable = true;
};

struct DestinationModel {
    std::string intro;    // "Choose the drive to save ... to."
    std::vector<DestinationLine> lines;
    int selected = 0;
    std::string folder;   // "New folder on that drive: DESKTOP-B8H4DIM 2026-11-05"
    std::string empty;    // said when no drive can be used
};

void draw_destination(TextCanvas& canvas, const Rect& body, const DestinationModel& model);

}  // namespace bde::tui
