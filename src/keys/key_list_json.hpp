#pragma once
// JSON key lists: Microsoft Graph / Entra ID ({"value":[{"id","key","deviceId","volumeType"}]} or a bare
// array), PowerShell's `Get-BitLockerVolume | ConvertTo-Json` (KeyProtector arrays with KeyProtectorId
// and RecoveryPassword, ComputerName on the volume) and AD objects converted to JSON. Any object holding
// a recovery key yields it, with the ID and computer its fields (or its parents') give.
#include <string>
#include <string_view>

#include "keys/found_key.hpp"
#include "util/error.hpp"

namespace bde {

// The first character that is not white space is '{' or '['.
bool looks_like_json(std::string_view text);

// text: decoded UTF-8. Errc::corrupt when it is not valid JSON.
Result<ParsedKeys> parse_key_json(std::string_view text, const std::string& path);

}  // namespace bde
