// `bderescue umount MOUNTPOINT`: ends a `bderescue mount` (in the foreground elsewhere or in the
// background) cleanly, or cleans up after one that died.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <thread>

#include "cli/command_registry.hpp"
#include "cli/data_commands.hpp"
#include "cli/output.hpp"
#include "mount/mounted_volume.hpp"
#include "mount/unmount.hpp"

namespace bde::cli {
namespace {

struct UmountArgs {
    std::string mountpoint;
    bool json = false;
};

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

int run_umount(const UmountArgs& args) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(args.mountpoint, ec);
    auto parent = std::filesystem::weakly_canonical(abs.parent_path(), ec);
    std::string want = (parent / abs.filename()).string();
    std::string root = default_runtime_root();
    auto done = [&](const std::string& how) {
        if (args.json) print_json_line({{"type", "unmounted"}, {"mountpoint", want}, {"how", how}});
        else fmt::print("Unmounted {}.\n", want);
        return 0;
    };
    for (const auto& rec : list_mount_records(root)) {
        if (rec.mountpoint != want) continue;
        if (rec.owner_alive) {
            // Ask the serving process to finish: it unmounts in the right order and removes its files.
            ::kill(rec.owner_pid, SIGTERM);
            auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (process_alive(rec.owner_pid) && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (!is_mount_point(want)) return done("owner");
        }
        clean_stale_mounts(root);
        if (!is_mount_point(want)) return done("cleanup");
    }
    if (!is_mount_point(want))
        return report_stream_error({Errc::not_found, fmt::format("Nothing is mounted on {}.", want)}, args.json);
    if (!mount_type_of(want).starts_with("fuse"))
        return report_stream_error({Errc::usage, fmt::format("{} was not mounted by bderescue; use umount.", want)}, args.json);
    auto r = unmount_path(want);
    if (!r) return report_stream_error(r.error(), args.json);
    if (r->detached_lazily && !args.json)
        fmt::print("{} was still in use: it is detached now and disappears once the last program lets go.\n", want);
    return done(r->detached_lazily ? "lazy" : "unmount");
}

RegisterCommand reg(41, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto* cmd = app.add_subcommand("umount", "Unmount a folder mounted with `bderescue mount`");
    auto args = std::make_shared<UmountArgs>();
    cmd->add_option("MOUNTPOINT", args->mountpoint, "The folder given to `bderescue mount`")->required();
    cmd->add_flag("--json", args->json, "Report as JSON");
    cmd->callback([&runner, args] { runner = [args] { return run_umount(*args); }; });
});

}  // namespace
}  // namespace bde::cli
