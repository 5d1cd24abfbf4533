// `bderescue mount VOL MOUNTPOINT`: the volume's files, read-only, until Ctrl-C or `bderescue umount`.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fmt/format.h>
#include <thread>

#include "cli/command_registry.hpp"
#include "cli/data_commands.hpp"
#include "cli/output.hpp"
#include "io/same_disk.hpp"
#include "mount/mounted_volume.hpp"

namespace bde::cli {
namespace {

struct MountArgs {
    VolumeArgs vol;
    std::string mountpoint;
    bool json = false;
    bool background = false;
};

// Mounts, reports through `say`, then stays until asked to stop. `ready` is called once the files are
// visible (or mounting failed) so a --background parent can exit.
int serve_mount(const MountArgs& args, const CredentialSet& creds,
                const std::function<void(int code, const std::string& text)>& ready) {
    auto source = open_volume_for_data(args.vol, creds);
    if (!source) {
        ready(exit_code_for(source.error().code), source.error().message);
        return report_stream_error(source.error(), args.json);
    }
    // Mount points are folders we may create: never on the disk being rescued.
    if (auto same = ensure_destination_not_on_source(source->path, args.mountpoint); !same) {
        ready(exit_code_for(same.error().code), same.error().message);
        return report_stream_error(same.error(), args.json);
    }
    MountRequest req;
    req.mountpoint = args.mountpoint;
    req.source_label = source->label;
    auto mounted = MountedVolume::mount(source->volume, req);
    if (!mounted) {
        ready(exit_code_for(mounted.error().code), mounted.error().message);
        return report_stream_error(mounted.error(), args.json);
    }
    auto& m = **mounted;
    if (args.json) {
        print_json_line({{"type", "mounted"}, {"mountpoint", m.mountpoint()}, {"filesystem", fs_type_name(m.fs_type())},
                         {"driver", m.driver()}, {"notes", m.notes()}, {"pid", ::getpid()}});
    } else {
        fmt::print("{} ({}) is mounted read-only on {}.\n", source->label, fs_type_name(m.fs_type()), m.mountpoint());
        for (const auto& n : m.notes()) fmt::print("Note: {}\n", n);
        if (!args.background)
            fmt::print("Press Ctrl-C or run `bderescue umount {}` to unmount.\n", m.mountpoint());
        std::fflush(stdout);
    }
    ready(0, fmt::format("{} ({}) is mounted read-only on {}. Run `bderescue umount {}` to unmount.", source->label,
                         fs_type_name(m.fs_type()), m.mountpoint(), m.mountpoint()));
    while (!stop_requested() && m.still_mounted()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto r = m.unmount();
    if (!r) return report_stream_error(r.error(), args.json);
    if (args.json) print_json_line({{"type", "unmounted"}, {"mountpoint", m.mountpoint()}});
    else fmt::print("Unmounted {}.\n", m.mountpoint());
    return 0;
}

// --background: fork before any thread exists; the child mounts and tells the parent how it went.
int run_in_background(const MountArgs& args, const CredentialSet& creds) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return report_stream_error({Errc::internal, "Cannot start in the background."}, args.json);
    pid_t pid = ::fork();
    if (pid < 0) return report_stream_error({Errc::internal, "Cannot start in the background."}, args.json);
    if (pid == 0) {
        ::close(fds[0]);
        ::setsid();
        int null = ::open("/dev/null", O_RDWR);
        bool told = false;
        auto ready = [&](int code, const std::string& text) {
            if (told) return;
            told = true;
            std::string msg = fmt::format("{}\n{}", code, text);
            (void)!::write(fds[1], msg.data(), msg.size());
            ::close(fds[1]);
            if (null >= 0) {  // from now on nobody is listening
                ::dup2(null, 0);
                ::dup2(null, 1);
                ::dup2(null, 2);
            }
        };
        install_stop_signals();  // `bderescue umount` sends SIGTERM: unmount in order, then exit
        MountArgs quiet = args;
        quiet.json = false;
        ::_exit(serve_mount(quiet, creds, ready));
    }
    ::close(fds[1]);
    std::string msg;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) msg.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    auto nl = msg.find('\n');
    if (nl == std::string::npos) {
        ::waitpid(pid, nullptr, 0);
        return report_stream_error({Errc::internal, "The background mount process ended unexpectedly."}, args.json);
    }
    int code = std::atoi(msg.substr(0, nl).c_str());
    std::string text = msg.substr(nl + 1);
    if (code != 0) {
        ::waitpid(pid, nullptr, 0);
        for (int c = 0; c <= 13; ++c)
            if (exit_code_for(static_cast<Errc>(c)) == code)
                return report_stream_error({static_cast<Errc>(c), text}, args.json);
        return report_stream_error({Errc::internal, text}, args.json);
    }
    if (args.json) print_json_line({{"type", "mounted"}, {"message", text}, {"pid", pid}});
    else fmt::print("{}\n", text);
    return 0;
}

int run_mount(const MountArgs& args) {
    auto creds = volume_credentials(args.vol);
    if (!creds) return report_stream_error(creds.error(), args.json);
    if (args.background) return run_in_background(args, *creds);
    install_stop_signals();
    return serve_mount(args, *creds, [](int, const std::string&) {});
}

RegisterCommand reg(40, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto* cmd = app.add_subcommand("mount", "Show the volume's files read-only in a folder (until Ctrl-C or umount)");
    auto args = std::make_shared<MountArgs>();
    add_volume_arguments(*cmd, args->vol);
    cmd->add_option("MOUNTPOINT", args->mountpoint, "An empty folder (created if missing)")->required();
    cmd->add_flag("--background", args->background,
                  "Return once mounted and keep serving in the background; stop with `bderescue umount MOUNTPOINT`");
    cmd->add_flag("--json", args->json, "Report as JSON lines");
    cmd->callback([&runner, args] { runner = [args] { return run_mount(*args); }; });
});

}  // namespace
}  // namespace bde::cli
