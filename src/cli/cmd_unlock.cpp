// `bderescue unlock VOLUME (key) [--show-recovery-password] [--json]`: does this key open this volume?
// Exit 0 when it does (naming the protector and the engine), 4 for a wrong key, 3 for a mistyped one.
#include <fmt/format.h>

#include "bde/filesystem_signature.hpp"
#include "bde/open_volume.hpp"
#include "bde/volume_info_json.hpp"
#include "cli/command_registry.hpp"
#include "cli/credential_options.hpp"
#include "cli/output.hpp"

namespace bde::cli {
namespace {

struct UnlockArgs {
    std::string volume;
    std::optional<std::string> offset, length;
    CredentialOptions keys;
    bool show_recovery_password = false;
    bool no_libbde = false;
    bool json = false;
};

std::string filesystem_of(const BlockSource& volume) {
    std::array<std::uint8_t, 512> boot{};
    auto n = volume.read_at(0, boot);
    if (!n) return "unknown";
    return filesystem_of_boot_sector(boot).value_or("unknown");
}

int run_unlock(const UnlockArgs& args) {
    auto where = parse_volume_location(args.volume, args.offset, args.length);
    if (!where) return report_error(where.error(), args.json);
    auto creds = resolve_credentials(args.keys);
    if (!creds) return report_error(creds.error(), args.json);

    OpenOptions options;
    options.use_libbde = !args.no_libbde;
    auto opened = open_with_credentials(*where, *creds, options);
    if (!args.json)
        for (const std::string& line : creds->key_search) fmt::print(opened ? stdout : stderr, "{}\n", line);
    if (!opened) return report_error(opened.error(), args.json);
    const OpenedVolume& v = *opened;
    const Credential& used = creds->credentials[v.credential_index];
    const auto& fixes = creds->corrections[v.credential_index];
    const Protector& p = v.unlocked.protector;
    const bool via_fvek = used.kind == Credential::Kind::fvek;
    std::string fs = filesystem_of(*v.volume);

    if (args.json) {
        nlohmann::json j = {
            {"unlocked", true},
            {"device", where->path},
            {"offset", where->offset},
            {"credential", {{"kind", credential_kind_name(used.kind)}, {"origin", used.origin}}},
            {"protector", via_fvek ? nlohmann::json(nullptr)
                                   : nlohmann::json{{"type", protector_id(p.type)}, {"key_id", p.key_id.str()}}},
            {"engine", v.engine == Engine::libbde ? "libbde" : "key-layer"},
            {"checked_by_libbde", v.checked_by_libbde},
            {"check", v.check},
            {"filesystem", fs},
            {"corrections", fixes},
            {"key_search", creds->key_search},
            {"recovery_password_available", v.unlocked.recovery_password.has_value()},
            {"volume", to_json(v.info, where->path, where->offset)},
        };
        if (!v.libbde_note.empty()) j["libbde_note"] = v.libbde_note;
        if (args.show_recovery_password && v.unlocked.recovery_password)
            j["recovery_password"] = std::string(v.unlocked.recovery_password->view());
        print_json(j);
        return 0;
    }

    fmt::print("The key opens {}.\n", where->display());
    if (!fixes.empty()) {
        fmt::print("  Your recovery key had a typo; this correction opened the volume:\n");
        for (const auto& f : fixes) fmt::print("    {}\n", f);
    }
    if (via_fvek) fmt::print("  Opened with:   the raw volume key (FVEK)\n");
    else fmt::print("  Protector:     {} {}\n", protector_name(p.type), p.key_id.str());
    fmt::print("  Engine:        {}\n", engine_name(v.engine));
    fmt::print("  Check:         {}\n", v.check);
    if (!v.checked_by_libbde && !v.libbde_note.empty()) fmt::print("  libbde:        {}\n", v.libbde_note);
    fmt::print("  File system:   {}\n", fs);
    if (v.unlocked.recovery_password) {
        if (args.show_recovery_password)
            fmt::print("  Recovery key:  {}\n  Write it down and keep it safe: it opens this volume on any PC.\n",
                       v.unlocked.recovery_password->view());
        else if (used.kind != Credential::Kind::recovery_password)
            fmt::print("  The 48-digit recovery key can be shown: add --show-recovery-password.\n");
    }
    return 0;
}

RegisterCommand reg(40, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto args = std::make_shared<UnlockArgs>();
    auto* cmd = app.add_subcommand("unlock", "Check that a key opens a BitLocker volume (nothing is written)");
    cmd->add_option("VOLUME", args->volume, "Device, image file, or IMAGE@OFFSET for a partition in a disk image")
        ->required();
    cmd->add_option("--offset", args->offset, "Byte offset of the volume inside the image (e.g. 1048576, 2048s, 1M)");
    cmd->add_option("--length", args->length, "Length of the volume in bytes (default: to the end)");
    add_credential_options(*cmd, args->keys);
    cmd->add_flag("--show-recovery-password", args->show_recovery_password,
                  "Show the volume's 48-digit recovery key (it can be recovered with any key that opens the volume)");
    cmd->add_flag("--no-libbde", args->no_libbde, "Do not use libbde as second engine and checker");
    cmd->add_flag("--json", args->json, "Machine-readable output");
    cmd->callback([&runner, args] { runner = [args] { return run_unlock(*args); }; });
});

}  // namespace
}  // namespace bde::cli
