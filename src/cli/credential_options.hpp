#pragma once
// The credential options every volume command shares, and turning them into bde::Credential values:
//   --recovery-password KEY   (checked group by group first; a single mistyped group yields the likely
//                              corrections to try, in order)
//   --password PASSWORD       ("-" reads it from standard input, without echo on a terminal)
//   --bek FILE                (a startup key file)
//   --fvek HEX                (the raw volume key, for experts)
//   --clear-key               (protection suspended: no secret)
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "bde/credential.hpp"

namespace bde::cli {

struct CredentialOptions {
    std::vector<std::string> recovery_passwords;
    std::vector<std::string> passwords;
    std::vector<std::string> bek_files;
    std::vector<std::string> fveks;
    bool clear_key = false;
};

void add_credential_options(CLI::App& command, CredentialOptions& options);

struct CredentialSet {
    std::vector<Credential> credentials;
    // Set when a typed recovery key failed its check and the credentials include corrections of it:
    // the typed key's problem, to report if no correction opens the volume.
    std::optional<Error> mistyped;
    // For each credential that is a correction: what was changed ("group 3: 590485 -> 590458 (...)").
    std::vector<std::vector<std::string>> corrections;  // parallel to credentials (empty when typed as is)
};

// Errc::malformed_key for a recovery key that cannot be corrected (naming every bad group), a .BEK that is
// not one, or an FVEK that is not hex; Errc::usage when no credential was given and `required`.
Result<CredentialSet> resolve_credentials(const CredentialOptions& options, bool required = true);

}  // namespace bde::cli
