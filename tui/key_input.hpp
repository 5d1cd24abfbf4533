#pragma once
// One thing the user pressed, independent of the terminal: the curses backend, the line mode and the
// tests all produce these. Typed characters arrive as text; a paste arrives as one text burst.
#include <cctype>
#include <string>

namespace bde::tui {

struct Key {
    enum class Kind {
        text,        // one or more characters (UTF-8); more than one means a paste or fast typing
        enter, escape, backspace, del, tab, backtab,
        up, down, left, right, page_up, page_down, home, end,
        function,    // F1..F12 in `number`
        interrupt,   // Ctrl-C
    };
    Kind kind = Kind::text;
    std::string text;
    int number = 0;

    static Key chars(std::string s) { return {Kind::text, std::move(s), 0}; }
    static Key fn(int n) { return {Kind::function, {}, n}; }
    static Key of(Kind k) { return {k, {}, 0}; }

    // The single ASCII letter typed, lower-cased, or 0.
    char letter() const {
        return kind == Kind::text && text.size() == 1 ? static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])))
                                                      : 0;
    }
    // A command key given as a letter, an F-key, or both ("F5/r").
    bool is(char lower_letter, int fkey = 0) const {
        return (lower_letter && letter() == lower_letter) || (fkey && kind == Kind::function && number == fkey);
    }
    bool is(Kind k) const { return kind == k; }
};

}  // namespace bde::tui
