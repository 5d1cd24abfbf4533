#pragma once
// How CLI commands talk: human text to stdout, problems to stderr, JSON when asked.
#include <nlohmann/json.hpp>

#include <string>

#include "util/error.hpp"

namespace bde::cli {

// Prints the error for a person (stderr) or as {"error": {...}} (stdout with --json); returns the exit code.
int report_error(const Error& error, bool json);
void print_json(const nlohmann::json& j);

}  // namespace bde::cli
