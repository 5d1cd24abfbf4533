#include "destination_mounts.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "mount/mounted_volume.hpp"
#include "run_tool.hpp"

namespace bde::tui {

namespace {

std::string first_line(const std::string& text) {
    auto end = text.find('\n');
    return text.substr(0, end);
}

std::vector<std::vector<std::string>> mount_commands(const std::string& device, const std::string& fs,
                                                     const std::string& dir) {
    if (fs == "ntfs" || fs == "ntfs3") return {{"ntfs-3g", "-o", "rw", device, dir}};
    if (fs == "exfat") return {{"mount", "-t", "exfat", device, dir}, {"mount.exfat-fuse", device, dir}};
    if (fs == "vfat") return {{"mount", "-t", "vfat", "-o", "flush,utf8", device, dir}};
    return {{"mount", "-t", fs, device, dir}};
}

// True while some process other than us runs with `device` as an argument (a FUSE driver such as ntfs-3g).
bool driver_still_running(const std::string& device) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string pid = entry.path().filename().string();
        if (pid.find_first_not_of("0123456789") != std::string::npos || pid == std::to_string(getpid())) continue;
        std::ifstream in(entry.path() / "cmdline", std::ios::binary);
        std::string cmdline{std::istreambuf_iterator<char>(in), {}};
        std::size_t at = 0;
        for (std::size_t end; (end = cmdline.find('\0', at)) != std::string::npos; at = end + 1)
            if (cmdline.compare(at, end - at, device) == 0) return true;
    }
    return false;
}

}  // namespace

DestinationMounts::~DestinationMounts() { unmount_all(); }

// One folder per process: two copies of BDE Rescue (tests, two consoles) never share a mount point.
std::string DestinationMounts::root() { return default_runtime_root() + "/dest-" + std::to_string(getpid()); }

Result<std::string> DestinationMounts::mount(const std::string& device, const std::string& fs_type) {
    if (auto it = mounted_.find(device); it != mounted_.end()) return it->second;
    std::string name = std::filesystem::path(device).filename().string();
    std::string dir = root() + "/" + name;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail(Errc::destination, fmt::format("Cannot prepare a folder to open {}: {}.", device, ec.message()));
    std::string why;
    for (const auto& command : mount_commands(device, fs_type, dir)) {
        ToolRun run = run_tool(command);
        if (run.succeeded()) {
            mounted_[device] = dir;
            return dir;
        }
        if (why.empty()) why = first_line(run.err);
    }
    std::filesystem::remove(dir, ec);
    if (why.find("hibernat") != std::string::npos || why.find("unclean") != std::string::npos ||
        why.find("Fast Restart") != std::string::npos)
        return fail(Errc::destination,
                    fmt::format("{} was not shut down completely by Windows (hibernation or Fast Startup), so it "
                                "cannot be written to safely. Choose another drive.",
                                device),
                    why);
    return fail(Errc::destination, fmt::format("{} cannot be opened for writing. Choose another drive.", device), why);
}

void DestinationMounts::unmount_all() {
    if (mounted_.empty()) return;
    ::sync();
    for (const auto& [device, dir] : mounted_) {
        if (!run_tool({"umount", dir}).succeeded()) run_tool({"umount", "-l", dir});
        // ntfs-3g on an image file (not a block device) is still writing its last changes after umount
        // returns; a program started right after (another copy, the next demo run) must not open it before.
        for (int i = 0; i < 300 && driver_still_running(device); ++i) ::usleep(100'000);
        std::error_code ec;
        std::filesystem::remove(dir, ec);
    }
    mounted_.clear();
    std::error_code ec;
    std::filesystem::remove(root(), ec);
}

}  // namespace bde::tui
