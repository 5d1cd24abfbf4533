#include "cli/credential_options.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "keys/bek_file.hpp"
#include "keys/key_scanner.hpp"
#include "keys/recovery_password.hpp"

namespace bde::cli {
namespace {

// Reads one line from standard input; without echo when it is a terminal.
Result<SecureBuffer> password_from_stdin() {
    const bool tty = isatty(STDIN_FILENO);
    termios saved{};
    if (tty) {
        std::fputs("Password: ", stderr);
        std::fflush(stderr);
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    SecureBuffer line;
    int c;
    while ((c = std::fgetc(stdin)) != EOF && c != '\n') line.push_back(static_cast<std::uint8_t>(c));
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputc('\n', stderr);
    }
    if (!line.empty() && line[line.size() - 1] == '\r') line.resize(line.size() - 1);
    if (line.empty()) return fail(Errc::usage, "No password was given on standard input.");
    return line;
}

Result<SecureBuffer> parse_hex_key(const std::string& text) {
    SecureBuffer out;
    int nibble = -1;
    for (char ch : text) {
        if (ch == ' ' || ch == ':' || ch == '-') continue;
        if (!std::isxdigit(static_cast<unsigned char>(ch)))
            return fail(Errc::malformed_key, "The FVEK must be hexadecimal digits (0-9, A-F).");
        int v = std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0' : std::tolower(ch) - 'a' + 10;
        if (nibble < 0) {
            nibble = v;
        } else {
            out.push_back(static_cast<std::uint8_t>(nibble << 4 | v));
            nibble = -1;
        }
    }
    if (nibble >= 0 || out.empty())
        return fail(Errc::malformed_key, "The FVEK has an odd number of hex digits: a digit is missing or extra.");
    return out;
}

void add(CredentialSet& set, Credential::Kind kind, SecureBuffer secret, std::string origin,
         std::optional<KeyId> key_id = std::nullopt, std::vector<std::string> fixes = {}) {
    Credential c;
    c.kind = kind;
    c.secret = std::move(secret);
    c.origin = std::move(origin);
    c.key_id = key_id;
    set.credentials.push_back(std::move(c));
    set.corrections.push_back(std::move(fixes));
}

Result<void> add_recovery_password(const std::string& typed, CredentialSet& set) {
    auto rp = RecoveryPassword::parse(typed);
    if (rp) {
        add(set, Credential::Kind::recovery_password, rp->key(), "typed");
        return {};
    }
    RecoveryPasswordCheck check = check_recovery_password(typed);
    int bad_groups = 0;
    for (const auto& p : check.problems) bad_groups += p.group > 0;
    auto candidates = bad_groups == 1 && check.problems.size() == 1 ? suggest_corrections(typed, 1) : std::vector<TypoCandidate>{};
    if (candidates.empty()) return std::unexpected(rp.error());
    for (const TypoCandidate& t : candidates) {
        auto fixed = RecoveryPassword::parse(t.text.view());
        if (fixed) add(set, Credential::Kind::recovery_password, fixed->key(), "corrected", std::nullopt, t.fixes);
    }
    set.mistyped = rp.error();
    return {};
}

std::string joined(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// Where a key was found, shown relative to the --keys path it was found under.
std::string place(const KeySource& s, const std::vector<std::string>& roots) {
    std::string path = s.path;
    for (const std::string& root : roots) {
        std::string prefix = root.ends_with('/') ? root : root + "/";
        if (path.starts_with(prefix) && path.size() > prefix.size()) {
            path = path.substr(prefix.size());
            break;
        }
    }
    return s.line > 0 ? fmt::format("{}, line {}", path, s.line) : path;
}

// The protector a found key is for: its own full ID, or the one protector its shortened ID names.
std::optional<KeyId> protector_id_for(const FoundKey& key, const VolumeInfo& info) {
    if (key.key_id) return key.key_id;
    std::optional<KeyId> match;
    for (const Protector& p : info.protectors) {
        if (!key.fits(p.key_id) || match == p.key_id) continue;
        if (match) return std::nullopt;  // the prefix is ambiguous: let the unlock layer try both
        match = p.key_id;
    }
    return match;
}

// The key IDs a user can look for in key files and lists: recovery-key and startup-key protectors
// (every protector when the volume has neither).
std::string ids_to_look_for(const VolumeInfo& info) {
    std::vector<std::string> ids, all;
    for (const Protector& p : info.protectors) {
        std::string item = fmt::format("{} ({})", p.key_id.str(), protector_name(p.type));
        all.push_back(item);
        if (p.type == ProtectorType::recovery_password || p.type == ProtectorType::startup_key) ids.push_back(item);
    }
    return joined(ids.empty() ? all : ids);
}

}  // namespace

void add_credential_options(CLI::App& cmd, CredentialOptions& o) {
    cmd.add_option("--recovery-password,-r", o.recovery_passwords, "The 48-digit recovery key (dashes optional)");
    cmd.add_option("--password,-p", o.passwords, "The BitLocker password; '-' reads it from standard input");
    cmd.add_option("--bek", o.bek_files, "A startup key file (.BEK)")->check(CLI::ExistingFile);
    cmd.add_option("--fvek", o.fveks, "The raw volume key in hex (FVEK, then the tweak key for Vista/7 volumes)");
    cmd.add_flag("--clear-key", o.clear_key, "Open a volume whose protection is suspended (no key needed)");
    cmd.add_option("--keys", o.key_paths,
                   "Search this folder or file for recovery-key .TXT, .BEK and key lists; the keys whose ID matches "
                   "this volume are tried");
}

Result<CredentialSet> resolve_credentials(const CredentialOptions& o, bool required) {
    CredentialSet set;
    for (const std::string& typed : o.recovery_passwords)
        if (auto r = add_recovery_password(typed, set); !r) return std::unexpected(r.error());
    for (const std::string& p : o.passwords) {
        if (p != "-") {
            add(set, Credential::Kind::password, SecureBuffer::from_string(p), "typed");
            continue;
        }
        auto line = password_from_stdin();
        if (!line) return std::unexpected(line.error());
        add(set, Credential::Kind::password, std::move(*line), "standard input");
    }
    for (const std::string& path : o.bek_files) {
        auto bek = read_bek_file(path);
        if (!bek) return std::unexpected(bek.error());
        add(set, Credential::Kind::startup_key, std::move(bek->key), path, bek->key_id);
    }
    for (const std::string& hex : o.fveks) {
        auto key = parse_hex_key(hex);
        if (!key) return std::unexpected(key.error());
        add(set, Credential::Kind::fvek, std::move(*key), "typed");
    }
    if (o.clear_key) add(set, Credential::Kind::clear_key, {}, "--clear-key");
    for (const std::string& path : o.key_paths) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0)
            return fail(Errc::not_found, fmt::format("'{}' (--keys) does not exist. Check the path; a USB stick must "
                                                     "be mounted first (see `lsblk` for drives).",
                                                     path));
        set.key_paths.push_back(path);
    }
    if (required && set.credentials.empty() && set.key_paths.empty())
        return fail(Errc::usage, "Give a key: --recovery-password, --password, --bek FILE, --fvek HEX, --keys FOLDER "
                                 "or --clear-key. `bderescue info VOLUME` lists what this volume accepts.");
    return set;
}

Result<void> add_matching_keys(CredentialSet& set, const VolumeInfo& info) {
    if (set.key_paths.empty()) return {};
    KeyScanResult found = scan_for_keys(set.key_paths);
    std::vector<KeyId> protector_ids;
    for (const Protector& p : info.protectors) protector_ids.push_back(p.key_id);
    std::vector<const FoundKey*> matching = found.keys_for(protector_ids);
    // Startup keys first: they open a volume at once, a recovery key costs a second of key stretching.
    std::stable_partition(matching.begin(), matching.end(),
                          [](const FoundKey* k) { return k->kind == FoundKeyKind::startup_key; });

    const std::string where = joined(set.key_paths);
    std::string found_text = fmt::format("Found {} in {}", plural(found.keys.size(), "key"), where);
    std::vector<std::string> matches;
    for (const FoundKey* key : matching) {
        Credential c = key->to_credential();
        c.key_id = protector_id_for(*key, info);
        matches.push_back(fmt::format("the {} with ID {} matches this volume (from {})",
                                      key->kind == FoundKeyKind::recovery_password ? "key" : "startup key",
                                      key->id_text(), place(key->source(), set.key_paths)));
        set.credentials.push_back(std::move(c));
        set.corrections.emplace_back();
    }
    if (!matches.empty()) {
        set.key_search.push_back(found_text + "; " + joined(matches, "; "));
        return {};
    }
    std::size_t without_id = 0;
    for (const FoundKey& k : found.keys) without_id += !k.has_id();
    std::string detail = fmt::format("{} read", plural(found.files_read, "file"));
    if (without_id)
        detail += fmt::format("; {} without a key ID {} not tried: give one with --recovery-password to try it",
                              plural(without_id, "key"), without_id == 1 ? "was" : "were");
    if (!found.notes.empty())
        detail += fmt::format("; `bderescue keys scan {}` shows {} about the files read (damaged or mistyped keys)",
                              joined(set.key_paths, " "), plural(found.notes.size(), "note"));
    if (!set.credentials.empty()) {  // the keys given otherwise are still worth trying
        set.key_search.push_back(found_text + "; none matches this volume");
        return {};
    }
    return fail(Errc::not_found,
                fmt::format("{}. Look for a recovery key (.TXT, key list) or startup key (.BEK) with one of this "
                            "volume's key IDs (the first 8 characters are enough): {}.",
                            found.keys.empty() ? "No BitLocker key was found in " + where
                                               : found_text + ", but none is for this volume",
                            ids_to_look_for(info)),
                detail);
}

Result<OpenedVolume> open_with_credentials(const VolumeLocation& where, CredentialSet& set,
                                           const OpenOptions& options) {
    auto raw = open_location(where);
    if (!raw) return std::unexpected(raw.error());
    std::shared_ptr<const BlockSource> source = std::move(*raw);
    auto info = read_volume_info(*source);
    if (!info) return std::unexpected(info.error());
    if (auto added = add_matching_keys(set, *info); !added) return std::unexpected(added.error());
    auto opened = open_volume(source, where, *info, set.credentials, options);
    // A mistyped key whose corrections did not open the volume: the typing problem is what to report.
    if (!opened && set.mistyped && opened.error().code == Errc::wrong_key) {
        Error e = *set.mistyped;
        auto corrections = std::count_if(set.corrections.begin(), set.corrections.end(),
                                         [](const auto& fixes) { return !fixes.empty(); });
        e.detail = fmt::format("none of the {} likely corrections opens this volume either", corrections);
        return std::unexpected(e);
    }
    return opened;
}

}  // namespace bde::cli
