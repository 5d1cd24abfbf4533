#pragma once
// Step 2: unlocking. The key ID the user must look for, shown large, with where to find the key; then
// one of the ways to unlock: the 48-digit recovery key in 8 boxes, a password, or a key file (.TXT
// recovery key or .BEK startup key) found on a connected drive.
#include <array>
#include <string>
#include <vector>

#include "recovery_key_entry.hpp"
#include "text_canvas.hpp"

namespace bde::tui {

enum class KeyMode { found_key, recovery_key, password };

struct KeyGroupView {
    std::string digits;  // typed so far (masked on screen when KeyModel::hidden)
    RecoveryKeyEntry::GroupState state = RecoveryKeyEntry::GroupState::empty;
};

struct KeyModel {
    std::string intro;                 // "This drive is locked. Type its 48-digit BitLocker recovery key."
    std::vector<std::string> key_ids;  // the recovery-key IDs of this drive, in full
    std::vector<std::pair<std::string, bool>> ways;  // ways to unlock and whether it is the current one
    KeyMode mode = KeyMode::recovery_key;
    // recovery_key
    std::array<KeyGroupView, 8> groups;
    int active_group = 0;              // 8: all boxes full
    bool hidden = false;               // show mask characters instead of digits
    std::vector<std::string> hints;    // where to find the key
    // password
    int password_length = 0;
    // found_key
    std::vector<std::string> choices;
    int choice_selected = 0;
    std::string empty_choices;         // said when there is nothing to choose
};

void draw_key(TextCanvas& canvas, const Rect& body, const KeyModel& model);

}  // namespace bde::tui
