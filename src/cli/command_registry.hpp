#pragma once
// Each CLI command lives in its own src/cli/cmd_*.cpp and registers itself here at start-up, so adding a
// command never touches main.cpp. A command sets up its CLI11 subcommand and returns the runner.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace bde::cli {

struct GlobalOptions {
    bool json = false;
    bool quiet = false;
};

using Runner = std::function<int()>;  // returns the process exit code

struct CommandSpec {
    int order;  // position in --help
    std::function<void(CLI::App& app, GlobalOptions& globals, Runner& runner)> setup;
};

std::vector<CommandSpec>& command_registry();

struct RegisterCommand {
    RegisterCommand(int order, std::function<void(CLI::App&, GlobalOptions&, Runner&)> setup) {
        command_registry().push_back({order, std::move(setup)});
    }
};

}  // namespace bde::cli
