#pragma once
// Guessing which computer a key in pasted text belongs to: the Microsoft-account page shows the device
// name above each key, portal tables put it in the row's first cell, and notes say "Device name: X" (in
// some language). Only a hint for the user: keys are matched by ID, never by computer name.
#include <optional>
#include <string>
#include <string_view>

namespace bde {

// A NetBIOS/DNS-style name ("DESKTOP-B8H4DIM", "pc-042.corp"): letters, digits, '-', '_', '.', with a letter.
bool looks_like_computer_name(std::string_view text);

// "Device name: DESKTOP-B8H4DIM", "Gerätename: ...", "Computer<TAB>PC-042" -> the name.
std::optional<std::string> computer_from_label_line(std::string_view line);

// The first cell of a table row (cells split by tab, '|', ';', ',' or two spaces) when it is a name.
std::optional<std::string> computer_from_table_row(std::string_view line);

}  // namespace bde
