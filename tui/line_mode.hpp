#pragma once
// The rescue flow on a terminal that cannot draw a screen (a serial line, TERM=dumb, a pipe): the same
// controller, its screens printed as plain text, answers typed as lines.
#include <string>
#include <vector>

#include "controller.hpp"
#include "key_input.hpp"

namespace bde::tui {

// What a typed line means: "" is Enter, "esc"/"back", "up", "down", "tab", "f1".."f12" name keys, one
// character is that key, anything longer is typed text followed by Enter. While a key or password is
// being typed (taking_text), every line is text and key names need a colon (":esc").
std::vector<Key> keys_from_line(const std::string& line, bool taking_text);

// Runs until the user quits or input ends. Reads from in_fd, prints to out_fd.
int run_line_mode(Controller& controller, int in_fd, int out_fd);

}  // namespace bde::tui
