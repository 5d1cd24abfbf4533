#pragma once
// The credential options every volume command shares, and turning them into bde::Credential values:
//   --recovery-password KEY   (checked group by group first; a single mistyped group yields the likely
//                              corrections to try, in order)
//   --password PASSWORD       ("-" reads it from standard input, without echo on a terminal)
//   --bek FILE                (a startup key file)
//   --fvek HEX                (the raw volume key, for experts)
//   --clear-key               (protection suspended: no secret)
//   --keys PATH               (key files and key lists under PATH; only the keys whose ID matches one of the
//                              volume's protectors are tried, so they are picked once the volume is read)
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "bde/credential.hpp"
#include "bde/open_volume.hpp"

namespace bde::cli {

struct CredentialOptions {
    std::vector<std::string> recovery_passwords;
    std::vector<std::string> passwords;
    std::vector<std::string> bek_files;
    std::vector<std::string> fveks;
    bool clear_key = false;
    std::vector<std::string> key_paths;  // --keys
};

void add_credential_options(CLI::App& command, CredentialOptions& options);

struct CredentialSet {
    std::vector<Credential> credentials;
    // Set when a typed recovery key failed its check and the credentials include corrections of it:
    // the typed key's problem, to report if no correction opens the volume.
    std::optional<Error> mistyped;
    // For each credential that is a correction: what was changed ("group 3: 590485 -> 590458 (...)").
    std::vector<std::vector<std::string>> corrections;  // parallel to credentials (empty when typed as is)
    // --keys: searched once the volume is known (see open_with_credentials), then what the search found
    // ("Found 2 keys in /stick; the key with ID ... matches this volume (from ..., line 5)").
    std::vector<std::string> key_paths;
    std::vector<std::string> key_search;
};

// Errc::malformed_key for a recovery key that cannot be corrected (naming every bad group), a .BEK that is
// not one, or an FVEK that is not hex; Errc::not_found for a --keys path that does not exist; Errc::usage
// when no credential was given and `required`.
Result<CredentialSet> resolve_credentials(const CredentialOptions& options, bool required = true);

// Searches set.key_paths and adds the keys whose key ID matches one of the volume's protectors (a shortened
// ID matches by prefix) as credentials, recording what was found in set.key_search. Errc::not_found, naming
// the volume's key IDs, when no key matches and nothing else was given.
Result<void> add_matching_keys(CredentialSet& set, const VolumeInfo& info);

// Opens the volume with these credentials: reads its metadata, adds the --keys that match it, then
// open_volume. When only corrections of a mistyped recovery key were tried, reports the typing mistake.
Result<OpenedVolume> open_with_credentials(const VolumeLocation& where, CredentialSet& set,
                                           const OpenOptions& options = {});

}  // namespace bde::cli
