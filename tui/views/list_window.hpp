#pragma once
// Which slice of a long list fits on screen: the selected line stays visible, near the middle.
#include <algorithm>

namespace bde::tui {

struct ListWindow {
    int first = 0;  // index of the first visible line
    int count = 0;  // how many are visible
};

inline ListWindow list_window(int total, int selected, int visible) {
    if (visible <= 0 || total <= 0) return {0, 0};
    if (total <= visible) return {0, total};
    int first = std::clamp(selected - visible / 2, 0, total - visible);
    return {first, visible};
}

}  // namespace bde::tui
