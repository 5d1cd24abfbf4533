#pragma once
// Renders a screen into a fixed-size canvas and returns its text, for comparing with expected screens.
#include <iostream>
#include <sstream>
#include <string>

#include "text_canvas.hpp"
#include "views/screen.hpp"

namespace bde::tui::test {

inline std::string screen_text(const ScreenSnapshot& s, int rows = 24, int cols = 80,
                               const Glyphs& glyphs = Glyphs::ascii()) {
    TextCanvas c(rows, cols, glyphs);
    render(c, s);
    return c.text();
}

// Expected screens are written in the test source as raw strings starting with a newline (for
// readability); this drops it.
inline std::string golden(const char* text) { return std::string(text + (text[0] == '\n' ? 1 : 0)); }

// Compares whole screens; on a difference prints both, unwrapped, with the differing lines marked.
inline bool same_screen(const std::string& actual, const std::string& expected) {
    if (actual == expected) return true;
    std::istringstream a(actual), e(expected);
    std::string la, le;
    std::cerr << "---- screen differs (actual, '!' marks lines that differ from the expected) ----\n";
    while (true) {
        bool ga = static_cast<bool>(std::getline(a, la)), ge = static_cast<bool>(std::getline(e, le));
        if (!ga && !ge) break;
        if (!ga) la = "<missing>";
        std::cerr << (ga && ge && la == le ? "  |" : "! |") << la << "\n";
        if (!(ga && ge && la == le) && ge) std::cerr << "  >" << le << "  (expected)\n";
    }
    return false;
}

}  // namespace bde::tui::test
