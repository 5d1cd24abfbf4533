#pragma once
// Step 3: the unlocked drive as a folder tree. Space marks a folder or file to copy; marked folders
// take everything inside. A folder partly marked inside shows [~].
#include <string>
#include <vector>

#include "text_canvas.hpp"

namespace bde::tui {

struct TreeRow {
    int depth = 0;
    bool is_dir = false;
    bool expanded = false;
    char mark = ' ';      // 'x' marked (itself or a folder above it), '~' something inside marked, ' ' not
    std::string name;
    std::string size;     // files: "12.3 kB"; folders: "" or a note ("cannot be read")
};

struct BrowseModel {
    std::vector<TreeRow> rows;
    int selected = 0;
    std::string summary;  // "Marked: Users\anna\Documents, Users\anna\Pictures"
};

void draw_browse(TextCanvas& canvas, const Rect& body, const BrowseModel& model);

}  // namespace bde::tui
