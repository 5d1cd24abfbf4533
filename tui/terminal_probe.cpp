// The first rung of the start-up ladder, kept apart because <term.h> defines macros named like
// ordinary words ("tab", "tone", "lines").
#include "curses_screen.hpp"  // first: curses' macros must not meet our headers

#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace bde::tui {

bool terminal_can_show_screen(std::string* why) {
    auto no = [why](const char* reason) {
        if (why) *why = reason;
        return false;
    };
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) return no("input or output is not a terminal");
    const char* term = std::getenv("TERM");
    if (!term || !*term || std::strcmp(term, "dumb") == 0) return no("the terminal type is unknown or \"dumb\"");
    int error = 0;
    if (setupterm(term, STDOUT_FILENO, &error) != OK) return no("the terminal type is not in the terminfo database");
    const char* cup = tigetstr("cup");
    bool can_move = cup && cup != reinterpret_cast<char*>(-1);
    del_curterm(cur_term);
    return can_move || no("the terminal cannot position the cursor");
}

}  // namespace bde::tui
