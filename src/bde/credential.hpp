#pragma once
// Something the user gives us to open a volume. Secrets stay in wiped buffers.
#include <optional>
#include <string>

#include "keys/key_id.hpp"
#include "util/secure_buffer.hpp"

namespace bde {

struct Credential {
    enum class Kind {
        recovery_password,  // secret = the 16-byte key (already validated; see RecoveryPassword)
        password,           // secret = UTF-8 password as typed
        startup_key,        // secret = the 32-byte key from a .BEK file; key_id = the .BEK's ID
        fvek,               // secret = raw FVEK (and tweak key for CBC-diffuser), as decoded from hex
        clear_key,          // no secret
    };
    Kind kind = Kind::clear_key;
    SecureBuffer secret;
    std::optional<KeyId> key_id;  // when known (key files and lists, .BEK): try only that protector
    std::string origin;           // where it came from, for messages ("typed", "BitLocker Recovery Key X.TXT")
};

const char* credential_kind_name(Credential::Kind k);

}  // namespace bde
