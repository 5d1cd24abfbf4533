#include "cli/output.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace bde::cli {

int report_error(const Error& error, bool json) {
    if (json) {
        nlohmann::json j = {{"error", {{"code", errc_name(error.code)}, {"message", error.message}}}};
        if (!error.detail.empty()) j["error"]["detail"] = error.detail;
        print_json(j);
    } else {
        fmt::print(stderr, "bderescue: {}\n", error.message);
        if (!error.detail.empty()) fmt::print(stderr, "  ({})\n", error.detail);
    }
    return exit_code_for(error.code);
}

void print_json(const nlohmann::json& j) {
    std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

}  // namespace bde::cli
