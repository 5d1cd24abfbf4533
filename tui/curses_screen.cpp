#include "curses_screen.hpp"

#include <langinfo.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "ui_text.hpp"

// Last, and without the function-like macros (hline, ...) that would clash with our names.
#define NCURSES_WIDECHAR 1
#define NCURSES_NOMACROS 1
#include <ncursesw/curses.h>

namespace bde::tui {

namespace {

SCREEN* g_screen = nullptr;
bool g_active = false;
std::terminate_handler g_previous_terminate = nullptr;

enum Pair : short { pair_accent = 1, pair_good, pair_warn, pair_bad };

Key special_key(wint_t ch) {
    switch (ch) {
        case KEY_UP: return Key::of(Key::Kind::up);
        case KEY_DOWN: return Key::of(Key::Kind::down);
        case KEY_LEFT: return Key::of(Key::Kind::left);
        case KEY_RIGHT: return Key::of(Key::Kind::right);
        case KEY_PPAGE: return Key::of(Key::Kind::page_up);
        case KEY_NPAGE: return Key::of(Key::Kind::page_down);
        case KEY_HOME: return Key::of(Key::Kind::home);
        case KEY_END: return Key::of(Key::Kind::end);
        case KEY_BACKSPACE: return Key::of(Key::Kind::backspace);
        case KEY_DC: return Key::of(Key::Kind::del);
        case KEY_ENTER: return Key::of(Key::Kind::enter);
        case KEY_BTAB: return Key::of(Key::Kind::backtab);
        default: break;
    }
    for (int n = 1; n <= 12; ++n)
        if (ch == static_cast<wint_t>(KEY_F(n))) return Key::fn(n);
    return Key::of(Key::Kind::text);  // unknown: ignored (empty text)
}

}  // namespace

void restore_terminal_now() {
    if (!g_active) return;
    g_active = false;
    endwin();
}

bool terminal_wants_utf8(const char* term, const char* codeset) {
    if (!codeset || std::strcmp(codeset, "UTF-8") != 0) return false;
    if (!term) return false;
    // Real and emulated DEC terminals show only their own character sets.
    return std::strncmp(term, "vt", 2) != 0 && std::strcmp(term, "ansi") != 0;
}

Result<std::unique_ptr<CursesScreen>> CursesScreen::open() {
    std::unique_ptr<CursesScreen> s(new CursesScreen());
    s->utf8_ = terminal_wants_utf8(std::getenv("TERM"), nl_langinfo(CODESET));
    set_escdelay(25);  // Esc is "back": it must not wait a second for a possible escape sequence
    g_screen = newterm(nullptr, stdout, stdin);
    if (!g_screen) return fail(Errc::unsupported, "This terminal cannot show the rescue screen.");
    g_active = true;
    static bool hooks = false;
    if (!hooks) {
        hooks = true;
        std::atexit(restore_terminal_now);
        g_previous_terminate = std::set_terminate([] {
            restore_terminal_now();
            if (g_previous_terminate) g_previous_terminate();
            std::abort();
        });
    }
    raw();  // Ctrl-C arrives as a key (the controller decides), Ctrl-Z cannot stop us half-way
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
        init_pair(pair_accent, COLOR_CYAN, -1);
        init_pair(pair_good, COLOR_GREEN, -1);
        init_pair(pair_warn, COLOR_YELLOW, -1);
        init_pair(pair_bad, COLOR_RED, -1);
        s->colors_ = true;
    }
    return s;
}

CursesScreen::~CursesScreen() {
    restore_terminal_now();
    if (g_screen) {
        delscreen(g_screen);
        g_screen = nullptr;
    }
}

int CursesScreen::rows() const { return LINES; }
int CursesScreen::cols() const { return COLS; }

int CursesScreen::attributes_for(const Attr& a) const {
    int out = A_NORMAL;
    if (a.bold) out |= A_BOLD;
    if (a.reverse) out |= A_REVERSE;
    if (a.underline) out |= A_UNDERLINE;
    if (a.tone == Tone::dim) out |= A_DIM;
    if (colors_) {
        switch (a.tone) {
            case Tone::accent: out |= COLOR_PAIR(pair_accent); break;
            case Tone::good: out |= COLOR_PAIR(pair_good); break;
            case Tone::warn: out |= COLOR_PAIR(pair_warn); break;
            case Tone::bad: out |= COLOR_PAIR(pair_bad); break;
            default: break;
        }
    }
    return out;
}

void CursesScreen::draw(const TextCanvas& canvas) {
    int rows = std::min(canvas.rows(), LINES), cols = std::min(canvas.cols(), COLS);
    for (int r = 0; r < rows; ++r) {
        int c = 0;
        while (c < cols) {
            // One run of cells with the same attributes, written at once.
            const Attr attr = canvas.at(r, c).attr;
            int start = c;
            std::string run;
            for (; c < cols && canvas.at(r, c).attr == attr; ++c) {
                const std::string& g = canvas.at(r, c).glyph;
                if (g.empty()) {
                    if (!utf8_) run += ' ';  // a wide character shown as one '?'
                    continue;
                }
                if (utf8_ || static_cast<unsigned char>(g[0]) < 0x80) run += g;
                else run += '?';
            }
            attrset(attributes_for(attr));
            mvaddstr(r, start, run.c_str());
        }
    }
    attrset(A_NORMAL);
    if (canvas.cursor) {
        curs_set(1);
        move(canvas.cursor->first, canvas.cursor->second);
    } else {
        curs_set(0);
        move(rows - 1, 0);
    }
    refresh();
}

TerminalInput CursesScreen::read(int timeout_ms) {
    TerminalInput in;
    std::string text;
    auto flush = [&] {
        if (!text.empty()) in.keys.push_back(Key::chars(std::exchange(text, {})));
    };
    auto take = [&](int kind, wint_t ch) {
        if (kind == KEY_CODE_YES) {
            flush();
            if (ch == KEY_RESIZE) {
                in.resized = true;
                return;
            }
            Key k = special_key(ch);
            if (!(k.is(Key::Kind::text) && k.text.empty())) in.keys.push_back(k);
            return;
        }
        switch (ch) {
            case 3: flush(); in.keys.push_back(Key::of(Key::Kind::interrupt)); return;
            case '\r': case '\n': flush(); in.keys.push_back(Key::of(Key::Kind::enter)); return;
            case 27: flush(); in.keys.push_back(Key::of(Key::Kind::escape)); return;
            case 127: case 8: flush(); in.keys.push_back(Key::of(Key::Kind::backspace)); return;
            case '\t': flush(); in.keys.push_back(Key::of(Key::Kind::tab)); return;
            default:
                if (ch >= 32) append_utf8(text, static_cast<char32_t>(ch));
        }
    };
    wint_t ch = 0;
    timeout(timeout_ms);
    int kind = get_wch(&ch);
    if (kind == ERR) return in;
    take(kind, ch);
    timeout(0);
    for (int i = 0; i < 4096 && (kind = get_wch(&ch)) != ERR; ++i) take(kind, ch);
    flush();
    return in;
}

void CursesScreen::suspend() {
    def_prog_mode();
    endwin();
    // The shell starts on a clear screen, not below whatever was on the terminal before BDE Rescue.
    if (char* clear = tigetstr("clear"); clear && clear != reinterpret_cast<char*>(-1)) {
        putp(clear);
        std::fflush(stdout);
    }
}

void CursesScreen::resume() {
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
}

}  // namespace bde::tui
