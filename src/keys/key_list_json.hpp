#pragma once
// JSON key lists: Microsoft Graph / Entra ID ({"value":[{"id","key","deviceId","volumeType"}]} or a bare
// array), PowerShell's `Get-BitLockerVolume | ConvertTo-Json` (KeyProtector arrays with KeyProtectorId
// and RecoveryPassword, ComputerName on the volume) and AD objects converted to JSON. Any object holding
// a recovery key yields it, with the ID and computer its fields (or its parents') give. Read as a stream,
// so a truncated export still gives the keys of the objects before the damage.
#include <cstddef>
#include <string>
#include <string_view>

#include "keys/found_key.hpp"

namespace bde {

// The first character that is not white space is '{' or '['.
bool looks_like_json(std::string_view text);

struct JsonKeys {
    ParsedKeys parsed;
    bool valid = true;       // false: the text is not (entirely) valid JSON
    std::size_t error_line = 0;  // 1-based line of the first error when not valid
};

// text: decoded UTF-8.
JsonKeys parse_key_json(std::string_view text, const std::string& path);

}  // namespace bde
