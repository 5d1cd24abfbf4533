#pragma once
// Finding key IDs and 48-digit recovery keys in text by their shape alone: recovery-key files and portal
// pages are localised ("Identifier:", "Bezeichner:", "識別子:"), so labels cannot be relied on.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keys/found_key.hpp"
#include "keys/key_id.hpp"
#include "util/secure_buffer.hpp"

namespace bde {

// A GUID ("AC9D5655-F7CA-4D1D-902F-1B6087118138", braces optional) or a shortened one: 8 hex digits,
// possibly followed by more dash-separated hex ("5B5F2F8D-B8F1-4E", as Windows 7 files show it).
struct IdToken {
    std::size_t pos = 0, len = 0;  // byte span in the searched text
    std::optional<KeyId> full;
    std::optional<KeyIdPattern> prefix;  // set when only a shortened ID is given
};
// At most `limit` tokens are returned (hostile inputs hold millions).
std::vector<IdToken> find_key_ids(std::string_view text, std::size_t limit = SIZE_MAX);

// Something shaped like a recovery key: 6 to 10 groups of 5 to 7 digits joined by single dashes or
// spaces (also Unicode dashes and no-break spaces), or 48 digits in a row. Whether it is a valid key
// is for check_found_recovery_key to say: a mistyped key should be reported, not silently dropped.
struct DigitKeyToken {
    std::size_t pos = 0, len = 0;
};
std::vector<DigitKeyToken> find_recovery_keys(std::string_view text, std::size_t limit = SIZE_MAX);

// A found recovery key checked like the Windows recovery screen does: the 16-byte key when valid,
// else why not (naming the bad groups, never their digits).
struct FoundRecoveryKey {
    std::optional<SecureBuffer> key;
    std::string problem;
};
FoundRecoveryKey check_found_recovery_key(std::string_view text);

// A checked recovery key (16 bytes) as found in a file, under the ID the file gives for it (if any).
FoundKey found_recovery_key(SecureBuffer key, const IdToken* id, KeySource source);

}  // namespace bde
