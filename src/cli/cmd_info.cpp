// `bderescue info VOL [--json]`: what a BitLocker volume says about itself (no key needed).
#include <fmt/format.h>

#include "bde/volume_info.hpp"
#include "bde/volume_info_json.hpp"
#include "bde/volume_location.hpp"
#include "cli/command_registry.hpp"
#include "cli/output.hpp"

namespace bde::cli {
namespace {

struct InfoArgs {
    std::string volume;
    std::optional<std::string> offset, length;
    bool json = false;
};

std::string human_size(std::uint64_t bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) v /= 1024, ++u;
    return u == 0 ? fmt::format("{} bytes", bytes) : fmt::format("{:.1f} {}", v, units[u]);
}

void print_human(const VolumeInfo& info, const std::string& where) {
    fmt::print("BitLocker volume {}\n", where);
    fmt::print("  Kind:          {}\n", info.kind == VolumeKind::bitlocker_to_go ? "BitLocker To Go (removable drive)"
                                                                                  : "BitLocker");
    if (!info.description.empty()) fmt::print("  Description:   {}\n", info.description);
    fmt::print("  Volume ID:     {}\n", info.volume_id.str());
    if (info.created) fmt::print("  Created:       {}\n", iso8601_utc(*info.created));
    fmt::print("  Encryption:    {}\n", method_name(info.method));
    fmt::print("  State:         {}", state_name(info.state));
    if (info.state != VolumeState::fully_encrypted)
        fmt::print(" ({} of {} encrypted)", human_size(info.encrypted_size), human_size(info.volume_size));
    fmt::print("\n  Size:          {} ({}-byte sectors)\n", human_size(info.volume_size), info.sector_size);
    fmt::print("  Protectors:\n");
    for (const Protector& p : info.protectors)
        fmt::print("    {:<34} {}\n", protector_name(p.type), p.key_id.str());
    for (const std::string& n : info.notes) fmt::print("  Note: {}\n", n);
    fmt::print("What can open it here:\n");
    for (const std::string& a : offline_advice(info)) fmt::print("  - {}\n", a);
}

int run_info(const InfoArgs& args) {
    auto where = parse_volume_location(args.volume, args.offset, args.length);
    if (!where) return report_error(where.error(), args.json);
    auto source = open_location(*where);
    if (!source) return report_error(source.error(), args.json);
    auto info = read_volume_info(**source);
    if (!info) return report_error(info.error(), args.json);
    if (args.json) print_json(to_json(*info, where->path, where->offset));
    else print_human(*info, where->display());
    return 0;
}

RegisterCommand reg(30, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto args = std::make_shared<InfoArgs>();
    auto* cmd = app.add_subcommand("info", "Show what a BitLocker volume says about itself (no key needed)");
    cmd->add_option("VOLUME", args->volume, "Device, image file, or IMAGE@OFFSET for a partition in a disk image")
        ->required();
    cmd->add_option("--offset", args->offset, "Byte offset of the volume inside the image (e.g. 1048576, 2048s, 1M)");
    cmd->add_option("--length", args->length, "Length of the volume in bytes (default: to the end)");
    cmd->add_flag("--json", args->json, "Machine-readable output");
    cmd->callback([&runner, args] { runner = [args] { return run_info(*args); }; });
});

}  // namespace
}  // namespace bde::cli
