#pragma once
// CSV key lists: Active Directory exports (msFVE-RecoveryPassword, msFVE-RecoveryGuid, distinguishedName
// "CN=<date>{GUID},CN=<computer>,OU=...", csvde's X'..' binary GUIDs, PowerShell's "#TYPE" first line) and
// technicians' own spreadsheets (Computer;KeyID;RecoveryKey in any order). Columns are recognised by
// name where possible; keys and IDs are still found by shape in unknown layouts.
#include <string>
#include <string_view>

#include "keys/found_key.hpp"

namespace bde {

// The header row (after any "#TYPE ..." line) has at least two cells and names a key, key-ID or
// distinguished-name column.
bool looks_like_key_csv(std::string_view text);

// text: decoded UTF-8 with '\n' line ends.
ParsedKeys parse_key_csv(std::string_view text, const std::string& path);

}  // namespace bde
