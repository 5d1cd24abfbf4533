#pragma once
// Reads one file's bytes as whatever kind of key file it is: a .BEK startup key, a JSON or CSV key list, or
// text (Windows' recovery-key .TXT, portal copy-paste, notes). Never fails: problems become notes.
#include <cstdint>
#include <span>
#include <string>

#include "keys/found_key.hpp"

namespace bde {

ParsedKeys parse_key_file(std::span<const std::uint8_t> bytes, const std::string& path);

// Whether the name says the file is meant to hold keys (".BEK", "BitLocker Recovery Key ....TXT", a key
// ID, "recovery", "Wiederherstellungsschlüssel", ...): finding none in it is then worth a note.
bool name_suggests_key_file(const std::string& path);

}  // namespace bde
