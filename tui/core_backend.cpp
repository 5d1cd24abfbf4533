#include "core_backend.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "bde/volume_info.hpp"

extern char** environ;

namespace bde::tui {

namespace {

Error not_yet(const std::string& what) {
    return Error{Errc::unsupported, what + " is not in this build of BDE Rescue yet.", "waiting for the core"};
}

}  // namespace

CoreBackend::CoreBackend(CoreBackendOptions options) : options_(std::move(options)) {}

Result<CoreBackend::Opened*> CoreBackend::open(const std::string& drive) {
    if (auto it = opened_.find(drive); it != opened_.end()) return &it->second;
    auto source = FileSource::open(drive);
    if (!source) return std::unexpected(source.error());
    std::shared_ptr<FileSource> shared(std::move(*source));
    auto info = read_volume_info(*shared);
    if (!info) return std::unexpected(info.error());
    auto [it, inserted] = opened_.emplace(drive, Opened{shared, std::move(*info), std::nullopt});
    return &it->second;
}

Result<std::vector<DriveEntry>> CoreBackend::list_drives() {
    std::vector<DriveEntry> drives;
    for (const auto& path : options_.sources) {
        DriveEntry d{.handle = path, .device = path};
        auto source = FileSource::open(path);
        if (!source) {
            d.bitlocker_problem = source.error().message;
            drives.push_back(std::move(d));
            continue;
        }
        d.size = (*source)->size();
        d.disk = path;
        auto opened = open(path);
        if (opened) {
            d.bitlocker = (*opened)->info;
            if ((*opened)->info.volume_size) d.size = (*opened)->info.volume_size;
        } else if (opened.error().code != Errc::not_bitlocker) {
            d.bitlocker_problem = opened.error().message;
        }
        drives.push_back(std::move(d));
    }
    return drives;
}

std::vector<FoundKeyFile> CoreBackend::find_keys() { return {}; }

Result<UnlockReport> CoreBackend::unlock(const std::string& drive, const Credential& credential) {
    auto opened = open(drive);
    if (!opened) return std::unexpected(opened.error());
    Opened& o = **opened;
    auto unlocked = unlock_volume(*o.source, o.info, credential);
    if (!unlocked) return std::unexpected(unlocked.error());
    UnlockReport report{.protector = unlocked->protector.type,
                        .key_id = unlocked->protector.key_id,
                        .recovery_password_readable = unlocked->recovery_password.has_value()};
    o.unlocked = std::move(*unlocked);
    return report;
}

std::optional<SecureBuffer> CoreBackend::recovery_password(const std::string& drive) {
    auto it = opened_.find(drive);
    if (it == opened_.end() || !it->second.unlocked) return std::nullopt;
    return it->second.unlocked->recovery_password;
}

Result<std::vector<DirEntry>> CoreBackend::list_directory(const std::string&, const std::string&) {
    return std::unexpected(not_yet("Browsing the files of an unlocked drive"));
}

Result<std::vector<Destination>> CoreBackend::list_destinations(const std::string&) {
    return std::unexpected(not_yet("Finding drives to save to"));
}

Result<CopyPlan> CoreBackend::plan_copy(const CopyRequest&) { return std::unexpected(not_yet("Copying files")); }

Result<CopyResult> CoreBackend::copy(const CopyRequest&, const CopyCallbacks&) {
    return std::unexpected(not_yet("Copying files"));
}

Result<CopyResult> CoreBackend::make_image(const CopyRequest&, const CopyCallbacks&) {
    return std::unexpected(not_yet("Writing a decrypted image"));
}

Result<std::string> CoreBackend::mount_read_only(const std::string&) {
    return std::unexpected(not_yet("Mounting an unlocked drive"));
}

Result<void> CoreBackend::power(PowerAction action) {
    ::sync();
    const char* verb = action == PowerAction::power_off ? "poweroff" : "reboot";
    char* argv[] = {const_cast<char*>("systemctl"), const_cast<char*>(verb), nullptr};
    pid_t pid = 0;
    if (posix_spawnp(&pid, "systemctl", nullptr, nullptr, argv, environ) != 0)
        return fail(Errc::unsupported, "This system cannot be powered off from here: use the power button.");
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail(Errc::unsupported, "The system refused to power off: use the power button.");
    return {};
}

std::vector<std::string> CoreBackend::limitations() const {
    std::vector<std::string> out;
    if (options_.sources.empty())
        out.push_back("This build cannot look for disks by itself yet: start it as `bderescue tui DEVICE-OR-IMAGE`.");
    out.push_back("Not in this build yet: finding key files, browsing and copying files, images, mounting.");
    return out;
}

}  // namespace bde::tui
