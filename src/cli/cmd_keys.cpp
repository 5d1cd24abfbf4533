// `bderescue keys scan PATH...`: find BitLocker keys (.BEK, recovery-key .TXT, AD/Entra key lists) in files and
// folders, e.g. a technician's USB stick, and list them with where they were found.
#include <sys/stat.h>

#include <fmt/format.h>

#include "cli/command_registry.hpp"
#include "cli/output.hpp"
#include "keys/key_scanner.hpp"
#include "keys/recovery_password.hpp"

namespace bde::cli {
namespace {

struct ScanArgs {
    std::vector<std::string> paths;
    bool json = false;
    bool show_secrets = false;
};

std::string place(const KeySource& s) { return s.line > 0 ? fmt::format("{}:{}", s.path, s.line) : s.path; }

SecureBuffer secret_digits(const FoundKey& key) {
    auto rp = RecoveryPassword::from_key(key.secret.span());
    return rp ? rp->text() : SecureBuffer();
}

nlohmann::json key_json(const FoundKey& key, bool show_secrets) {
    nlohmann::json j = {{"kind", found_key_kind_name(key.kind)},
                        {"key_id", key.has_id() ? nlohmann::json(key.id_text()) : nlohmann::json(nullptr)},
                        {"key_id_complete", key.key_id.has_value()},
                        {"source", key.source().path},
                        {"line", key.source().line},
                        {"computer", key.computer()},
                        {"device_id", key.device_id()},
                        {"format", key.source().format}};
    if (key.volume_id) j["volume_id"] = key.volume_id->str();
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& s : key.sources)
        sources.push_back({{"source", s.path},
                           {"line", s.line},
                           {"format", s.format},
                           {"computer", s.computer},
                           {"device_id", s.device_id}});
    j["sources"] = sources;
    if (show_secrets && key.kind == FoundKeyKind::recovery_password) j["recovery_password"] = std::string(secret_digits(key).view());
    return j;
}

void print_human(const KeyScanResult& result, bool show_secrets) {
    if (result.keys.empty()) {
        fmt::print("No BitLocker keys found ({} file{} read).\n", result.files_read, result.files_read == 1 ? "" : "s");
    } else {
        fmt::print("Found {} BitLocker key{}:\n", result.keys.size(), result.keys.size() == 1 ? "" : "s");
        for (const auto& key : result.keys) {
            bool rp = key.kind == FoundKeyKind::recovery_password;
            std::string id = key.key_id ? key.id_text()
                             : key.short_id ? key.id_text() + " (shortened ID)"
                                            : "(no key ID given: can be tried on any recovery-key protector)";
            fmt::print("\n  {:<13} {}\n", rp ? "recovery key" : "startup key", id);
            if (show_secrets && rp) fmt::print("  {:<13} {}\n", "digits", secret_digits(key).view());
            if (key.volume_id) fmt::print("  {:<13} {}\n", "for volume", key.volume_id->str());
            if (!key.computer().empty()) fmt::print("  {:<13} {}\n", "computer", key.computer());
            if (!key.device_id().empty()) fmt::print("  {:<13} {}\n", "device ID", key.device_id());
            fmt::print("  {:<13} {} ({})\n", "found in", place(key.source()), key.source().format);
            for (std::size_t i = 1; i < key.sources.size(); ++i)
                fmt::print("  {:<13} {} ({})\n", "also in", place(key.sources[i]), key.sources[i].format);
        }
        if (!show_secrets)
            fmt::print("\nThe keys themselves are not shown; add --show-secrets to print the 48-digit keys.\n");
    }
    if (!result.notes.empty()) {
        fmt::print("\nNotes:\n");
        for (const auto& n : result.notes) {
            std::string where = n.line > 0 ? fmt::format("{}:{}", n.source, n.line) : n.source;
            fmt::print("  {}{}{}\n", where, where.empty() ? "" : ": ", n.message);
        }
    }
}

int run_scan(const ScanArgs& args) {
    for (const auto& p : args.paths) {
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0)
            return report_error({Errc::not_found,
                                 fmt::format("'{}' does not exist. Check the path; a USB stick must be mounted first "
                                             "(see `lsblk` for drives).",
                                             p),
                                 {}},
                                args.json);
    }
    KeyScanResult result = scan_for_keys(args.paths);
    if (args.json) {
        nlohmann::json keys = nlohmann::json::array(), notes = nlohmann::json::array();
        for (const auto& k : result.keys) keys.push_back(key_json(k, args.show_secrets));
        for (const auto& n : result.notes) notes.push_back({{"source", n.source}, {"line", n.line}, {"message", n.message}});
        print_json({{"keys", keys}, {"notes", notes}, {"files_read", result.files_read}});
    } else {
        print_human(result, args.show_secrets);
    }
    return result.keys.empty() ? exit_code_for(Errc::not_found) : 0;
}

RegisterCommand reg(25, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto* keys = app.add_subcommand("keys", "Find BitLocker keys in files and folders (USB stick, key lists)");
    keys->require_subcommand(1);
    auto args = std::make_shared<ScanArgs>();
    auto* scan = keys->add_subcommand(
        "scan", "Search files and folders for .BEK startup keys, 'BitLocker Recovery Key' .TXT files and key lists "
                "(AD CSV, Entra/Graph JSON, portal text). Nothing is written.");
    scan->add_option("PATH", args->paths, "Files or folders to search (e.g. the mounted USB stick)")->required();
    scan->add_flag("--json", args->json, "Machine-readable output");
    scan->add_flag("--show-secrets", args->show_secrets, "Also print the 48-digit recovery keys");
    scan->callback([&runner, args] { runner = [args] { return run_scan(*args); }; });
});

}  // namespace
}  // namespace bde::cli
