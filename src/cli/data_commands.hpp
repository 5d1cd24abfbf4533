#pragma once
// Shared plumbing of the commands that get data off a volume (mount, copy, image): opening VOL,
// Ctrl-C handling, JSON lines and human-readable sizes.
#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "io/block_source.hpp"

namespace bde::cli {

// Opens VOL for reading. With plain, VOL is an unencrypted file-system image or partition (kept for
// testing and for drives that are not encrypted); otherwise VOL must be a BitLocker volume.
Result<std::shared_ptr<const BlockSource>> open_volume_for_data(const std::string& vol, bool plain);

// SIGINT/SIGTERM/SIGHUP set a flag instead of killing the process, so work stops cleanly (mapfile and
// manifest saved, mounts removed). Installed once; safe to call again.
void install_stop_signals();
bool stop_requested();
int stop_signal();  // the signal that asked us to stop (0 = none)

// One compact JSON object per line on stdout (flushed), for --json progress streams.
void print_json_line(const nlohmann::json& j);

std::string human_bytes(std::uint64_t bytes);    // "1.5 GiB"
std::string human_duration(std::uint64_t secs);  // "1 h 05 min", "42 s"

}  // namespace bde::cli
