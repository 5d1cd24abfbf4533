// bderescue: the command-line entry point. Commands register themselves (see command_registry.hpp).
#include <sys/prctl.h>

#include <algorithm>
#include <cstdio>

#include "cli/command_registry.hpp"
#include "util/error.hpp"

namespace bde::cli {
std::vector<CommandSpec>& command_registry() {
    static std::vector<CommandSpec> registry;
    return registry;
}
}  // namespace bde::cli

int main(int argc, char** argv) {
    // Keys live in this process's memory: keep them out of core dumps.
    prctl(PR_SET_DUMPABLE, 0);

    using namespace bde::cli;
    CLI::App app{"bderescue: get your files off a BitLocker-encrypted drive, offline.\n"
                 "Run without arguments for the guided rescue screen."};
    app.set_version_flag("--version", std::string("bderescue ") + BDERESCUE_VERSION);
    app.require_subcommand(0, 1);
    app.footer("Exit codes: 0 ok, 1 internal error, 2 usage, 3 malformed key, 4 wrong key, 5 not found,\n"
               "6 not BitLocker, 7 unsupported, 8 I/O error, 9 damaged metadata, 10 destination problem,\n"
               "11 cancelled, 12 verification failed, 13 finished with some items failed.\n");

    GlobalOptions globals;
    auto& registry = command_registry();
    std::sort(registry.begin(), registry.end(), [](const CommandSpec& a, const CommandSpec& b) { return a.order < b.order; });
    std::vector<Runner> runners(registry.size());
    for (std::size_t i = 0; i < registry.size(); ++i) registry[i].setup(app, globals, runners[i]);

    // No arguments at all: the guided rescue screen, exactly as `bderescue tui`.
    std::vector<const char*> args(argv, argv + argc);
    if (argc == 1) args.push_back("tui");

    try {
        app.parse(static_cast<int>(args.size()), args.data());
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return bde::exit_code_for(bde::Errc::usage);
    }

    // The runner of the chosen subcommand (a nested one sets its parent's runner slot).
    for (auto& run : runners)
        if (run) return run();
    // Options but no subcommand (`bderescue --json`): the help.
    std::fputs(app.help().c_str(), stdout);
    return 0;
}
