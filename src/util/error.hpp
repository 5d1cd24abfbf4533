#pragma once
// Errors cross the core's boundary as values. Each carries a category (which maps to a CLI exit code)
// and a message written for a stressed person, not a developer.
#include <expected>
#include <string>
#include <utility>

namespace bde {

enum class Errc {
    internal,       // a bug or an unexpected state
    usage,          // the command line or an argument is malformed
    malformed_key,  // a key/password was typed wrongly (fails its own check)
    wrong_key,      // a well-formed credential does not open this volume
    not_found,      // a file, device or volume is not there
    not_bitlocker,  // the source is readable but holds no BitLocker volume
    unsupported,    // cannot be done offline or not implemented (TPM, smart card, unknown method)
    io,             // a read or write failed
    corrupt,        // the volume's metadata is damaged beyond use
    destination,    // the destination is unusable (full, read-only, same disk as the source)
    cancelled,      // the user or a signal stopped the operation
    verify_failed,  // data read back does not match what was written or expected
    partial,        // finished, but some items failed (listed in the report)
};

struct Error {
    Errc code = Errc::internal;
    std::string message;  // one or two sentences a user can act on
    std::string detail;   // optional technical detail (never secrets)
};

template <typename T = void>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Errc code, std::string message, std::string detail = {}) {
    return std::unexpected(Error{code, std::move(message), std::move(detail)});
}

// CLI exit codes, documented in README.md ("Exit codes"). Stable: scripts depend on them.
int exit_code_for(Errc code);
const char* errc_name(Errc code);

}  // namespace bde
