#pragma once
// Step 1: every drive the computer has. BitLocker volumes first (the likely Windows system volume at the
// top), two lines each; other drives below, as places for key files or copies.
#include <string>
#include <vector>

#include "text_canvas.hpp"

namespace bde::tui {

struct VolumeLine {
    std::string device;       // "nvme0n1p3"
    std::string size;         // "256.1 GB (238.5 GiB)"
    std::string model;        // "Samsung SSD 980 PRO 500GB"
    std::string details;      // BitLocker: "DESKTOP-B8H4DIM C: 3/21/2024 · Locked · key ID 1F9DA098"
                              // other drives: file system and label
    Tone tone = Tone::normal; // of the details (locked, unlocked, unreadable)
};

struct VolumesModel {
    std::vector<VolumeLine> bitlocker;
    std::vector<VolumeLine> others;
    int selected = -1;        // over bitlocker then others
    std::vector<std::string> notices;  // shown under the lists (no drive found, what this build lacks)
};

void draw_volumes(TextCanvas& canvas, const Rect& body, const VolumesModel& model);

}  // namespace bde::tui
