#pragma once
// "BitLocker Recovery Key <ID>.TXT" as Windows 10 (English) saves it to a USB stick or a folder:
// UTF-16LE with a byte-order mark, CRLF line ends, the identifier and the key indented by a tab.
#include <cstdint>
#include <string>
#include <vector>

#include "keys/key_id.hpp"
#include "keys/recovery_password.hpp"

namespace bdegen {

std::vector<std::uint8_t> recovery_key_txt(const bde::KeyId& id, const bde::RecoveryPassword& password);
std::string recovery_key_txt_name(const bde::KeyId& id);  // "BitLocker Recovery Key <ID>.TXT"

}  // namespace bdegen
