#pragma once
// Running a system tool (mount, umount, ntfs-3g, systemctl) from the rescue screen: its output must never be
// printed over the screen, so stdout is discarded and stderr captured for the message or the log.
#include <string>
#include <vector>

namespace bde::tui {

struct ToolRun {
    bool started = false;  // false: the tool is not installed (err says so)
    int status = -1;       // waitpid status once started
    std::string err;       // what the tool printed on stderr
    bool succeeded() const;
};

ToolRun run_tool(const std::vector<std::string>& argv);

}  // namespace bde::tui
