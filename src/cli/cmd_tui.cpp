// `bderescue tui [SOURCE...] [--keys PATH] [--log-dir DIR]` and plain `bderescue`: the guided rescue screen.
#include "cli/command_registry.hpp"
#include "run_tui.hpp"

namespace bde::cli {
namespace {

RegisterCommand reg(0, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto options = std::make_shared<tui::TuiOptions>();
    auto* cmd = app.add_subcommand("tui", "The guided rescue screen (what `bderescue` alone starts)");
    cmd->add_option("SOURCE", options->sources, "Disk images or devices to look at instead of this machine's disks");
    cmd->add_option("--keys", options->key_paths,
                    "A file or folder holding recovery keys or .BEK files, besides the stick (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--log-dir", options->log_dir,
                    "Where to write the log of actions (default: $BDERESCUE_LOG_DIR, else logs/ on the stick's "
                    "partition, else /var/log/bderescue)");
    cmd->add_flag("--line-mode", options->line_mode, "Ask line by line instead of drawing a screen (serial consoles)");
    cmd->callback([&runner, options] { runner = [options] { return tui::run_tui(*options); }; });
});

}  // namespace
}  // namespace bde::cli
