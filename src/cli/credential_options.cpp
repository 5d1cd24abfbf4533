#include "cli/credential_options.hpp"

#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>

#include "keys/bek_file.hpp"
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

}  // namespace

void add_credential_options(CLI::App& cmd, CredentialOptions& o) {
    cmd.add_option("--recovery-password,-r", o.recovery_passwords, "The 48-digit recovery key (dashes optional)");
    cmd.add_option("--password,-p", o.passwords, "The BitLocker password; '-' reads it from standard input");
    cmd.add_option("--bek", o.bek_files, "A startup key file (.BEK)")->check(CLI::ExistingFile);
    cmd.add_option("--fvek", o.fveks, "The raw volume key in hex (FVEK, then the tweak key for Vista/7 volumes)");
    cmd.add_flag("--clear-key", o.clear_key, "Open a volume whose protection is suspended (no key needed)");
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
    if (required && set.credentials.empty())
        return fail(Errc::usage, "Give a key: --recovery-password, --password, --bek FILE, --fvek HEX or --clear-key. "
                                 "`bderescue info VOLUME` lists what this volume accepts.");
    return set;
}

}  // namespace bde::cli
