#pragma once
// Shared plumbing of the commands that get data off a volume (mount, copy, image): opening VOL,
// Ctrl-C handling, JSON lines and human-readable sizes.
#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "cli/credential_options.hpp"
#include "io/block_source.hpp"

namespace bde::cli {

// VOL and how to open it: the same arguments for mount, copy and image.
struct VolumeArgs {
    std::string volume;
    std::optional<std::string> offset, length;
    CredentialOptions keys;
    bool plain = false;  // VOL holds an unencrypted file system (tests; drives that are not encrypted)
};
void add_volume_arguments(CLI::App& command, VolumeArgs& args);

struct DataSource {
    std::shared_ptr<const BlockSource> volume;  // decrypted (or plain) volume
    std::string path;                           // the device or image file VOL names (same-disk checks)
    std::string label;                          // for messages and records: "disk.img@1048576"
};

// The credentials given (none needed with --plain). Separate from opening, so a password read from the
// terminal is asked before `mount --background` detaches.
Result<CredentialSet> volume_credentials(const VolumeArgs& args);
// Opens and unlocks VOL (or just opens it with --plain).
Result<DataSource> open_volume_for_data(const VolumeArgs& args, const CredentialSet& credentials);

// SIGINT/SIGTERM/SIGHUP set a flag instead of killing the process, so work stops cleanly (mapfile and
// manifest saved, mounts removed). Installed once; safe to call again.
void install_stop_signals();
bool stop_requested();
int stop_signal();  // the signal that asked us to stop (0 = none)

// One compact JSON object per line on stdout (flushed), for --json progress streams.
void print_json_line(const nlohmann::json& j);
// Like report_error, but with --json the error is one line of the stream:
// {"type":"error","error":{"code":...,"message":...}}. Returns the exit code.
int report_stream_error(const Error& error, bool json);

std::string human_bytes(std::uint64_t bytes);    // "1.5 GiB"
std::string human_duration(std::uint64_t secs);  // "1 h 05 min", "42 s"

}  // namespace bde::cli
