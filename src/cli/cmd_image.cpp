// `bderescue image VOL -o OUT [--mapfile MAP]`: the whole decrypted volume to a file, a device or stdout,
// with a GNU-ddrescue-compatible mapfile that lets an interrupted run continue.
#include <unistd.h>

#include <fmt/format.h>

#include "cli/command_registry.hpp"
#include "cli/data_commands.hpp"
#include "cli/output.hpp"
#include "imaging/imager.hpp"

namespace bde::cli {
namespace {

struct ImageArgs {
    VolumeArgs vol;
    std::string output;
    std::string mapfile;
    bool json = false;
    std::string command_line;
};

int run_image(const ImageArgs& args) {
    install_stop_signals();
    auto creds = volume_credentials(args.vol);
    if (!creds) return report_stream_error(creds.error(), args.json);
    auto source = open_volume_for_data(args.vol, *creds);
    if (!source) return report_stream_error(source.error(), args.json);
    // With the image on stdout, stdout is not ours to print on.
    bool to_stdout = args.output == "-";
    if (to_stdout && args.json)
        return report_stream_error({Errc::usage, "--json cannot be used when the image goes to standard output."}, false);
    std::FILE* human = to_stdout ? stderr : stdout;
    bool tty = isatty(fileno(human));

    ImageOptions opt;
    if (!args.mapfile.empty()) opt.mapfile_path = args.mapfile;
    opt.command_line = args.command_line;
    ImageCallbacks cb;
    cb.cancelled = [] { return stop_requested(); };
    cb.progress = [&](const ImageProgress& p) {
        if (args.json) {
            nlohmann::json j = {{"type", "progress"},     {"bytes_done", p.done_bytes}, {"bytes_total", p.total_bytes},
                                {"bytes_bad", p.bad_bytes}, {"position", p.position},    {"bytes_per_second", p.bytes_per_second},
                                {"retrying", p.retrying}};
            if (p.eta_seconds) j["eta_seconds"] = *p.eta_seconds;
            print_json_line(j);
            return;
        }
        double pct = p.total_bytes ? 100.0 * static_cast<double>(p.done_bytes) / static_cast<double>(p.total_bytes) : 100.0;
        std::string line = fmt::format("{:5.1f}%  {} of {}  {}/s", pct, human_bytes(p.done_bytes),
                                       human_bytes(p.total_bytes), human_bytes(static_cast<std::uint64_t>(p.bytes_per_second)));
        if (p.eta_seconds) line += fmt::format("  {} left", human_duration(*p.eta_seconds));
        if (p.bad_bytes) line += fmt::format("  {} unreadable", human_bytes(p.bad_bytes));
        if (p.retrying) line += "  (re-reading a damaged area)";
        if (tty) fmt::print(human, "\r{:<100}", line);
        else fmt::print(human, "{}\n", line);
        std::fflush(human);
    };
    cb.read_error = [&](std::uint64_t pos, std::uint64_t size, const Error& e) {
        if (args.json)
            print_json_line({{"type", "read-error"}, {"position", pos}, {"size", size}, {"message", e.message}});
        else
            fmt::print(human, "{}Unreadable: {} at byte {} (written as zeros).\n", tty ? "\n" : "", human_bytes(size), pos);
    };

    auto result = write_image(*source->volume, args.output, source->path, opt, cb);
    if (tty && !args.json) fmt::print(human, "\n");
    if (!result) {
        Error e = result.error();
        if (e.code == Errc::cancelled && args.mapfile.empty())
            e.message = "Imaging was stopped. Without --mapfile it has to start from the beginning next time.";
        return report_stream_error(e, args.json);
    }
    const auto& r = *result;
    if (args.json) {
        nlohmann::json bad = nlohmann::json::array();
        for (const auto& b : r.bad_areas) bad.push_back({{"position", b.pos}, {"size", b.size}});
        print_json_line({{"type", "done"},
                         {"bytes_total", r.total_bytes},
                         {"bytes_read", r.bytes_read_now},
                         {"bytes_done_before", r.bytes_done_before},
                         {"bytes_bad", r.bad_bytes},
                         {"bad_areas", bad},
                         {"seconds", r.seconds}});
    } else {
        fmt::print(human, "Image {}: {} written{}.\n", r.bad_bytes ? "finished with errors" : "complete",
                   human_bytes(r.total_bytes),
                   r.bytes_done_before ? fmt::format(" ({} from an earlier run)", human_bytes(r.bytes_done_before)) : "");
        if (r.bad_bytes)
            fmt::print(human,
                       "{} in {} area(s) could not be read and are zeros in the image{}.\n", human_bytes(r.bad_bytes),
                       r.bad_areas.size(), args.mapfile.empty() ? "" : fmt::format("; {} lists them", args.mapfile));
    }
    return r.bad_bytes ? exit_code_for(Errc::partial) : 0;
}

RegisterCommand reg(60, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto* cmd = app.add_subcommand("image", "Write the whole decrypted volume to an image file or another disk");
    auto args = std::make_shared<ImageArgs>();
    add_volume_arguments(*cmd, args->vol);
    cmd->add_option("-o,--output", args->output, "Image file or device to write; - for standard output")->required();
    cmd->add_option("--mapfile", args->mapfile,
                    "GNU ddrescue mapfile: records what was read and what failed; run again to continue");
    cmd->add_flag("--json", args->json, "Progress and result as JSON lines");
    cmd->callback([&runner, args] {
        args->command_line = fmt::format("bderescue image {} -o {}{}", args->vol.volume, args->output,
                                         args->mapfile.empty() ? "" : " --mapfile " + args->mapfile);
        runner = [args] { return run_image(*args); };
    });
});

}  // namespace
}  // namespace bde::cli
