// `bderescue key check|suggest KEY`: validate a typed 48-digit recovery key like the Windows recovery screen.
#include <fmt/format.h>

#include "cli/command_registry.hpp"
#include "cli/output.hpp"
#include "keys/recovery_password.hpp"

namespace bde::cli {
namespace {

struct KeyArgs {
    std::vector<std::string> words;  // the key may be given as one argument or as 8 groups
    bool json = false;
    std::string joined() const {
        std::string s;
        for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
        return s;
    }
};

int run_check(const KeyArgs& args) {
    RecoveryPasswordCheck check = check_recovery_password(args.joined());
    if (args.json) {
        nlohmann::json errors = nlohmann::json::array();
        for (const auto& p : check.problems)
            errors.push_back({{"group", p.group}, {"value", p.value}, {"reason", p.reason}});
        print_json({{"valid", check.valid}, {"errors", errors}});
    } else if (check.valid) {
        fmt::print("The recovery key is well-formed: all 8 groups pass their check.\n");
    } else {
        fmt::print(stderr, "This recovery key is mistyped:\n");
        for (const auto& p : check.problems) {
            if (p.group == 0) fmt::print(stderr, "  the key {}\n", p.reason);
            else if (p.value.empty()) fmt::print(stderr, "  group {} {}\n", p.group, p.reason);
            else fmt::print(stderr, "  group {} ({}) {}\n", p.group, p.value, p.reason);
        }
        if (!suggest_corrections(args.joined()).empty())
            fmt::print(stderr, "Try `bderescue key suggest` for likely corrections.\n");
    }
    return check.valid ? 0 : exit_code_for(Errc::malformed_key);
}

int run_suggest(const KeyArgs& args) {
    RecoveryPasswordCheck check = check_recovery_password(args.joined());
    auto candidates = suggest_corrections(args.joined());
    if (args.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& c : candidates)
            list.push_back({{"recovery_password", std::string(c.text.view())}, {"fixes", c.fixes}, {"score", c.score}});
        print_json({{"valid", check.valid}, {"candidates", list}});
    } else if (check.valid) {
        fmt::print("The recovery key is already well-formed; nothing to correct.\n");
    } else if (candidates.empty()) {
        fmt::print(stderr, "No likely correction found: {}.\nPlease read the key again from its source.\n", check.summary());
    } else {
        fmt::print("Likely corrections, most likely first:\n");
        for (const auto& c : candidates) {
            fmt::print("  {}", c.text.view());
            for (const auto& f : c.fixes) fmt::print("   [{}]", f);
            fmt::print("\n");
        }
    }
    if (check.valid) return 0;
    return candidates.empty() ? exit_code_for(Errc::malformed_key) : 0;
}

RegisterCommand reg(20, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto* key = app.add_subcommand("key", "Check a typed 48-digit recovery key, or suggest corrections");
    key->require_subcommand(1);
    auto args = std::make_shared<KeyArgs>();
    auto* check = key->add_subcommand("check", "Check each of the 8 groups like the Windows recovery screen does");
    check->add_option("KEY", args->words, "The 48-digit recovery key (dashes or spaces optional)")->required();
    check->add_flag("--json", args->json, "Machine-readable output");
    check->callback([&runner, args] { runner = [args] { return run_check(*args); }; });
    auto* suggest = key->add_subcommand("suggest", "List likely corrections for a key with a mistyped group");
    suggest->add_option("KEY", args->words, "The 48-digit recovery key as typed")->required();
    suggest->add_flag("--json", args->json, "Machine-readable output");
    suggest->callback([&runner, args] { runner = [args] { return run_suggest(*args); }; });
});

}  // namespace
}  // namespace bde::cli
