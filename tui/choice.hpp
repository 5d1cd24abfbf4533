#pragma once
// One answer to a question on screen: its label and the letter that picks it.
#include <string>

namespace bde::tui {

struct Choice {
    std::string label;  // "Skip all"
    char key = 0;       // 'a' (lower-case; shown as "(a)")
};

}  // namespace bde::tui
