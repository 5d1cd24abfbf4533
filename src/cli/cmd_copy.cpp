// `bderescue copy VOL --to DEST [PATH...]`: copy the user's files (or the PATHs named) off the volume,
// with progress, a manifest and a report; re-running the same command continues an interrupted copy.
#include <unistd.h>

#include <fmt/format.h>

#include "cli/command_registry.hpp"
#include "cli/data_commands.hpp"
#include "cli/output.hpp"
#include "copy/copy_engine.hpp"
#include "io/same_disk.hpp"
#include "mount/mounted_volume.hpp"

namespace bde::cli {
namespace {

struct CopyArgs {
    VolumeArgs vol;
    std::string dest;
    std::vector<std::string> paths;
    bool verify = false;
    bool json = false;
    bool anyway = false;
};

int run_copy(const CopyArgs& args) {
    install_stop_signals();
    auto creds = volume_credentials(args.vol);
    if (!creds) return report_stream_error(creds.error(), args.json);
    auto source = open_volume_for_data(args.vol, *creds);
    if (!source) return report_stream_error(source.error(), args.json);
    // Before anything is mounted: never onto the disk being rescued (the engine checks again).
    if (auto same = ensure_destination_not_on_source(source->path, args.dest); !same)
        return report_stream_error(same.error(), args.json);
    MountRequest req;
    req.source_label = source->label;
    auto mounted = MountedVolume::mount(source->volume, req);
    if (!mounted) return report_stream_error(mounted.error(), args.json);
    auto& m = **mounted;
    bool tty = isatty(STDOUT_FILENO);

    CopyOptions opt;
    opt.selection = args.paths;
    opt.verify = args.verify;
    opt.source_label = source->label;
    opt.source_device = source->path;
    opt.fix_mtime = m.mtime_fix();
    std::optional<Error> refused;
    CopyCallbacks cb;
    cb.cancelled = [] { return stop_requested(); };
    cb.confirm = [&](const CopyPlan& plan) {
        std::size_t too_big = plan.count(PlanIssue::Kind::too_big), renamed = plan.count(PlanIssue::Kind::renamed);
        if (args.json) {
            print_json_line({{"type", "plan"},
                             {"files", plan.files.size()},
                             {"bytes", plan.total_bytes},
                             {"bytes_needed", plan.bytes_needed},
                             {"destination_free", plan.dest.free_known ? nlohmann::json(plan.dest.free_bytes) : nullptr},
                             {"destination_fs", plan.dest.fs_name},
                             {"too_big", too_big},
                             {"renamed", renamed},
                             {"skipped_caches", plan.count(PlanIssue::Kind::cache_skipped)},
                             {"skipped_links", plan.count(PlanIssue::Kind::link_skipped)}});
        } else {
            fmt::print("{} files, {} to copy to {} ({}, {}).\n", plan.files.size(), human_bytes(plan.total_bytes),
                       args.dest, plan.dest.fs_name,
                       plan.dest.free_known ? human_bytes(plan.dest.free_bytes) + " free" : "free space unknown");
            if (plan.bytes_needed != plan.total_bytes)
                fmt::print("Continuing an earlier copy: {} still to copy.\n", human_bytes(plan.bytes_needed));
            if (too_big)
                fmt::print("{} file(s) are bigger than 4 GiB and cannot be stored on {}; they are listed in the report. "
                           "Use an NTFS, exFAT or ext4 drive to copy them.\n",
                           too_big, plan.dest.fs_name);
            if (renamed) fmt::print("{} name(s) are not allowed on {} and get a close name (listed in the report).\n",
                                    renamed, plan.dest.fs_name);
            std::fflush(stdout);
        }
        if (!plan.fits() && !args.anyway) {
            refused = Error{Errc::destination,
                            fmt::format("{} needs {} but {} has only {} free. Use a bigger drive, or name fewer folders "
                                        "to copy (or add --anyway to copy until it is full).",
                                        source->label, human_bytes(plan.bytes_needed), args.dest,
                                        human_bytes(plan.dest.free_bytes))};
            return false;
        }
        return true;
    };
    cb.progress = [&](const CopyProgress& p) {
        if (args.json) {
            nlohmann::json j = {{"type", "progress"},          {"phase", p.verifying ? "verify" : "copy"},
                                {"files_done", p.files_done},   {"files_total", p.files_total},
                                {"bytes_done", p.bytes_done},   {"bytes_total", p.bytes_total},
                                {"current", p.current},         {"bytes_per_second", p.bytes_per_second}};
            if (p.eta_seconds) j["eta_seconds"] = *p.eta_seconds;
            print_json_line(j);
            return;
        }
        double pct = p.bytes_total ? 100.0 * static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total) : 100.0;
        std::string line = fmt::format("{}{:5.1f}%  {}/{} files  {} of {}  {}/s", p.verifying ? "verifying " : "", pct,
                                       p.files_done, p.files_total, human_bytes(p.bytes_done), human_bytes(p.bytes_total),
                                       human_bytes(static_cast<std::uint64_t>(p.bytes_per_second)));
        if (p.eta_seconds) line += fmt::format("  {} left", human_duration(*p.eta_seconds));
        if (tty) {
            std::string cur = p.current.size() > 40 ? "..." + p.current.substr(p.current.size() - 37) : p.current;
            fmt::print("\r{:<110}", line + "  " + cur);
        } else {
            fmt::print("{}  {}\n", line, p.current);
        }
        std::fflush(stdout);
    };
    cb.file_error = [&](const std::string& path, const Error& e) {
        if (args.json) print_json_line({{"type", "file-error"}, {"path", path}, {"message", e.message}, {"action", "skip"}});
        else fmt::print("{}Cannot read {} ({}): skipped, listed in the report.\n", tty ? "\n" : "", path, e.message);
        return ErrorDecision::skip;  // the CLI never stops for one file; the TUI asks
    };
    cb.file_note = [&](const std::string& path, const std::string& what) {
        if (args.json) print_json_line({{"type", "file-note"}, {"path", path}, {"message", what}});
    };

    auto result = copy_files(m.mountpoint(), args.dest, opt, cb);
    if (tty && !args.json) fmt::print("\n");
    auto unmounted = m.unmount();
    if (!result) return report_stream_error(refused ? *refused : result.error(), args.json);
    const auto& r = *result;
    int code = !r.verify_mismatches.empty() ? exit_code_for(Errc::verify_failed)
               : !r.failed.empty()          ? exit_code_for(Errc::partial)
                                            : 0;
    if (args.json) {
        nlohmann::json failed = nlohmann::json::array();
        for (const auto& [p, why] : r.failed) failed.push_back({{"path", p}, {"reason", why}});
        print_json_line({{"type", "done"},
                         {"files_copied", r.files_copied},
                         {"files_already_done", r.files_already_done},
                         {"bytes_copied", r.bytes_copied},
                         {"failed", failed},
                         {"verified", r.verified},
                         {"verify_mismatches", r.verify_mismatches},
                         {"report", args.dest + "/" + kReportName},
                         {"seconds", r.seconds},
                         {"exit_code", code}});
    } else {
        fmt::print("Copied {} files ({}){}.\n", r.files_copied, human_bytes(r.bytes_copied),
                   r.files_already_done ? fmt::format("; {} were already copied before", r.files_already_done) : "");
        if (opt.verify) fmt::print("Verified {} files: {} mismatch(es).\n", r.verified, r.verify_mismatches.size());
        if (!r.failed.empty()) fmt::print("{} file(s) could not be copied.\n", r.failed.size());
        fmt::print("Report: {}/{}\n", args.dest, kReportName);
    }
    if (!unmounted) report_stream_error(unmounted.error(), args.json);
    return code;
}

RegisterCommand reg(50, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto* cmd = app.add_subcommand("copy", "Copy the user's files (or chosen folders) off the volume to another drive");
    auto args = std::make_shared<CopyArgs>();
    add_volume_arguments(*cmd, args->vol);
    cmd->add_option("--to", args->dest, "Destination folder on another drive (created if missing)")->required();
    cmd->add_option("PATH", args->paths,
                    "Folders or files to copy, relative to the volume (default: every user profile without caches)");
    cmd->add_flag("--verify", args->verify, "Re-read original and copy afterwards and compare their SHA-256");
    cmd->add_flag("--anyway", args->anyway, "Start even if the destination looks too small (stops cleanly when full)");
    cmd->add_flag("--json", args->json, "Progress and result as JSON lines");
    cmd->callback([&runner, args] { runner = [args] { return run_copy(*args); }; });
});

}  // namespace
}  // namespace bde::cli
