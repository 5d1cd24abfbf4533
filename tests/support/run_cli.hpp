#pragma once
// Runs the real bderescue binary (path from $BDERESCUE_BIN) and captures what it prints.
#include <string>
#include <vector>

namespace bde::test {

struct CliResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

CliResult run_bderescue(const std::vector<std::string>& args, const std::string& stdin_text = {});
// Runs any program (argv[0] looked up in PATH).
CliResult run_program(const std::vector<std::string>& argv, const std::string& stdin_text = {});
std::string bderescue_path();

}  // namespace bde::test
