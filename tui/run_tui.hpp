#pragma once
// Starting the rescue screen: the full screen when the terminal can show it, the line mode otherwise,
// the terminal restored however it ends.
#include <string>
#include <vector>

namespace bde::tui {

struct TuiOptions {
    std::vector<std::string> sources;    // images or devices to look at instead of this machine's disks
    std::vector<std::string> key_paths;  // --keys; the stick's partition (/run/bderescue/stick) is always added
    std::string log_dir;                 // --log-dir; else $BDERESCUE_LOG_DIR; else the stick's logs folder when
                                         // writable; else /var/log/bderescue
    bool line_mode = false;              // --line-mode: never draw a screen
};

// Returns the process exit code (0, or 11 when ended by Ctrl-C or a signal).
int run_tui(const TuiOptions& options);

}  // namespace bde::tui
