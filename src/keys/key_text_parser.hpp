#pragma once
// Recovery keys in text: Windows' "BitLocker Recovery Key <ID>.TXT" (Windows 7, 8.1, 10 and 11 layouts, any
// language), text pasted from the Microsoft-account recovery-keys page or the Intune/Entra portal, and
// any notes with key IDs and 48-digit keys. Keys and IDs are found by shape; each key is paired with the
// ID on its own line, else the one between its neighbouring keys whose line label resembles the key's
// ("RP=" / "RP_VMK_GUID="), else the nearest (before it, or after it in lists that put the ID second).
#include <string>
#include <string_view>

#include "keys/found_key.hpp"
#include "keys/key_tokens.hpp"

namespace bde {

// text: decoded UTF-8 with '\n' line ends. path: the file it came from; its name may carry the key ID
// ("BitLocker Recovery Key AC9D5655.TXT"), which is used when the body gives no ID or only a shorter one.
ParsedKeys parse_key_text(std::string_view text, const std::string& path);

// A key ID in a file name ("BitLocker Recovery Key AC9D5655-....TXT", "4381F759-....BEK").
std::optional<IdToken> key_id_in_file_name(const std::string& path);

}  // namespace bde
