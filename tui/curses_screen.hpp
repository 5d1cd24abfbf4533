#pragma once
// The only place that talks curses: owns initscr/endwin, reads keys (a paste arrives as one burst),
// copies a TextCanvas to the terminal. Colours only when the terminal has them; line-drawing
// characters only on a UTF-8 terminal that can show them. The terminal is restored by the destructor,
// by an atexit hook and by std::terminate, whichever comes first.
#include <memory>
#include <string>
#include <vector>

#include "key_input.hpp"
#include "text_canvas.hpp"
#include "util/error.hpp"

namespace bde::tui {

// Whether this terminal can show the full screen: stdin and stdout are terminals, TERM is known and can
// position the cursor. Otherwise the line mode is used. `why` says what is missing.
bool terminal_can_show_screen(std::string* why = nullptr);

// Box-drawing characters need a UTF-8 locale and a terminal that is not a plain vt100.
bool terminal_wants_utf8(const char* term, const char* codeset);

// Ends curses if it is active (fatal-signal and exit paths). Safe to call more than once.
void restore_terminal_now();

struct TerminalInput {
    std::vector<Key> keys;
    bool resized = false;
};

class CursesScreen {
public:
    static Result<std::unique_ptr<CursesScreen>> open();
    ~CursesScreen();
    CursesScreen(const CursesScreen&) = delete;
    CursesScreen& operator=(const CursesScreen&) = delete;

    int rows() const;
    int cols() const;
    const Glyphs& glyphs() const { return utf8_ ? Glyphs::utf8() : Glyphs::ascii(); }
    void draw(const TextCanvas& canvas);
    // Waits up to timeout_ms for input, then takes everything already typed or pasted.
    TerminalInput read(int timeout_ms);
    // Hands the terminal to another program (the shell) and takes it back.
    void suspend();
    void resume();

private:
    CursesScreen() = default;
    int attributes_for(const Attr& a) const;
    bool utf8_ = false;
    bool colors_ = false;
};

}  // namespace bde::tui
