#include "cli/data_commands.hpp"

#include <csignal>
#include <cstdio>
#include <fmt/format.h>

#include "bde/open_volume.hpp"
#include "bde/volume_location.hpp"
#include "cli/output.hpp"

namespace bde::cli {
namespace {
std::atomic<int> g_stop_signal{0};
extern "C" void on_stop_signal(int sig) { g_stop_signal.store(sig); }
}  // namespace

void add_volume_arguments(CLI::App& cmd, VolumeArgs& args) {
    cmd.add_option("VOL", args.volume, "The volume: a partition such as /dev/sda3, an image file, or IMAGE@OFFSET")
        ->required();
    cmd.add_option("--offset", args.offset, "Byte offset of the volume inside the image (e.g. 1048576, 2048s, 1M)");
    cmd.add_option("--length", args.length, "Length of the volume in bytes (default: to the end)");
    add_credential_options(cmd, args.keys);
    cmd.add_flag("--plain", args.plain, "VOL is not encrypted: read it as it is")->group("");
}

Result<CredentialSet> volume_credentials(const VolumeArgs& args) {
    if (args.plain) return CredentialSet{};
    return resolve_credentials(args.keys);
}

Result<DataSource> open_volume_for_data(const VolumeArgs& args, const CredentialSet& creds) {
    auto where = parse_volume_location(args.volume, args.offset, args.length);
    if (!where) return std::unexpected(where.error());
    DataSource out;
    out.path = where->path;
    out.label = where->display();
    if (args.plain) {
        auto raw = open_location(*where);
        if (!raw) return std::unexpected(raw.error());
        out.volume = std::move(*raw);
        return out;
    }
    CredentialSet set = creds;  // --keys adds the keys matching this volume
    auto opened = open_with_credentials(*where, set);
    for (const std::string& line : set.key_search) fmt::print(stderr, "{}\n", line);
    if (!opened) {
        if (opened.error().code == Errc::not_bitlocker)
            return fail(Errc::not_bitlocker,
                        fmt::format("{} is not BitLocker-encrypted. If it holds a plain file system, add --plain to "
                                    "read it as it is.",
                                    out.label));
        return std::unexpected(opened.error());
    }
    out.volume = opened->volume;
    return out;
}

void install_stop_signals() {
    struct sigaction sa{};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: blocking calls return EINTR so we notice quickly
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is a write error we report, not a silent death
}

bool stop_requested() { return g_stop_signal.load() != 0; }
int stop_signal() { return g_stop_signal.load(); }

void print_json_line(const nlohmann::json& j) {
    std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.push_back('\n');
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

int report_stream_error(const Error& error, bool json) {
    if (!json) return report_error(error, false);
    nlohmann::json e = {{"code", errc_name(error.code)}, {"message", error.message}};
    if (!error.detail.empty()) e["detail"] = error.detail;
    print_json_line({{"type", "error"}, {"error", e}});
    return exit_code_for(error.code);
}

std::string human_bytes(std::uint64_t bytes) {
    static const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    if (bytes < 1024) return fmt::format("{} bytes", bytes);
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 5) {
        v /= 1024;
        ++u;
    }
    return fmt::format("{:.1f} {}", v, units[u]);
}

std::string human_duration(std::uint64_t secs) {
    if (secs < 60) return fmt::format("{} s", secs);
    if (secs < 3600) return fmt::format("{} min {:02} s", secs / 60, secs % 60);
    return fmt::format("{} h {:02} min", secs / 3600, (secs % 3600) / 60);
}

}  // namespace bde::cli
