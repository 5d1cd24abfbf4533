#include "cli/data_commands.hpp"

#include <csignal>
#include <cstdio>
#include <fmt/format.h>

#include "bde/volume_info.hpp"
#include "io/file_source.hpp"

namespace bde::cli {
namespace {
std::atomic<int> g_stop_signal{0};
extern "C" void on_stop_signal(int sig) { g_stop_signal.store(sig); }
}  // namespace

Result<std::shared_ptr<const BlockSource>> open_volume_for_data(const std::string& vol, bool plain) {
    auto raw = FileSource::open(vol);
    if (!raw) return std::unexpected(raw.error());
    std::shared_ptr<const BlockSource> source = std::move(*raw);
    if (plain) return source;
    auto info = read_volume_info(*source);
    if (!info) {
        if (info.error().code == Errc::not_bitlocker)
            return fail(Errc::not_bitlocker,
                        fmt::format("{} is not BitLocker-encrypted. If it holds a plain file system, add --plain "
                                    "to read it as it is.",
                                    vol));
        return std::unexpected(info.error());
    }
    return fail(Errc::unsupported,
                fmt::format("{} is BitLocker-encrypted; unlocking it from this command needs a newer build.", vol));
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
