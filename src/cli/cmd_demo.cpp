// `bderescue demo`: the rescue screen on a built-in demo — a generated BitLocker laptop disk, a "USB stick"
// folder holding its recovery-key file and an empty "BACKUP" drive to save to — so a newcomer can walk the
// whole flow, copy included, without a locked PC.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "cli/command_registry.hpp"
#include "cli/output.hpp"
#include "run_tui.hpp"

namespace bde::cli {
namespace {

struct DemoOptions {
    std::string dir = BDERESCUE_DEMO_DIR;
    bool line_mode = false;
};

bool exists(const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0;
}

// Runs argv and waits; true when it exited with 0.
bool run(std::vector<const char*> argv) {
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], const_cast<char* const*>(argv.data()));
        _exit(127);
    }
    int status = 0;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The drive the demo saves to: an empty NTFS image "BACKUP", twice the demo volume (room for its full image).
// Kept between runs, so what was copied last time can be looked at; delete it for an empty one.
Result<void> ensure_backup_drive(const std::string& path) {
    if (exists(path)) return {};
    std::string partial = path + ".partial";
    std::error_code ec;
    std::filesystem::remove(partial, ec);
    {
        std::ofstream{partial};
    }
    std::filesystem::resize_file(partial, 160ull << 20, ec);
    if (ec || !run({"mkntfs", "-F", "-Q", "-q", "-L", "BACKUP", partial.c_str()}))
        return std::unexpected(Error{Errc::internal, "Making the demo's BACKUP drive (" + path +
                                                         ") failed: it needs mkntfs from the ntfs-3g package."});
    std::filesystem::rename(partial, path, ec);
    if (ec) return std::unexpected(Error{Errc::internal, "Cannot create " + path + ": " + ec.message()});
    return {};
}

int run_demo(const DemoOptions& o) {
    const std::string script = BDERESCUE_DEMO_SCRIPT;
    if (!exists(o.dir + "/.demo-complete")) {
        if (!exists(script))
            return report_error({Errc::not_found, "The demo builder (tools/make-demo-disk.sh) is not here: the demo "
                                                  "runs from a source checkout, not from the USB stick."},
                                false);
        fmt::print("Making the demo disk in {} (once; takes a few seconds)...\n", o.dir);
        std::fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            execl("/bin/bash", "bash", script.c_str(), o.dir.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            return report_error({Errc::internal, "Making the demo disk failed (see the messages above). It needs "
                                                 "root and the packages from tools/setup.sh."},
                                false);
    }
    std::string backup = o.dir + "/demo-backup.img";
    if (auto made = ensure_backup_drive(backup); !made) return report_error(made.error(), false);
    tui::TuiOptions t;
    t.sources = {o.dir + "/demo-disk.img", backup};
    t.key_paths = {o.dir + "/stick"};
    t.log_dir = o.dir + "/logs";
    t.line_mode = o.line_mode;
    return tui::run_tui(t);
}

RegisterCommand reg(1, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto o = std::make_shared<DemoOptions>();
    auto* cmd = app.add_subcommand(
        "demo", "The rescue screen on a built-in demo disk, key stick and drive to save to (made on first run)");
    cmd->add_option("--dir", o->dir, "Where the demo disk and stick folder live")->capture_default_str();
    cmd->add_flag("--line-mode", o->line_mode, "Ask line by line instead of drawing a screen");
    cmd->callback([&runner, o] { runner = [o] { return run_demo(*o); }; });
});

}  // namespace
}  // namespace bde::cli
