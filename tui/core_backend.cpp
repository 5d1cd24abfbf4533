#include "core_backend.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "discovery/scan.hpp"
#include "discovery/volume_order.hpp"

extern char** environ;

namespace bde::tui {

namespace {

constexpr std::uint64_t kSmallSystemPartition = 2'000'000'000;  // EFI, MSR, Windows recovery

Error not_yet(const std::string& what) {
    return Error{Errc::unsupported, what + " is not in this build of BDE Rescue yet.", "waiting for the core"};
}

// Other drives worth showing: anything with a file system on a removable disk or in an image, and the
// larger partitions of internal disks (not the EFI, MSR and recovery partitions every PC has).
bool worth_listing(const discovery::Disk& disk, const discovery::Partition& p) {
    if (p.fs_type.empty() || p.fs_type == "swap") return false;
    return !disk.is_internal() || p.size >= kSmallSystemPartition;
}

}  // namespace

CoreBackend::CoreBackend(CoreBackendOptions options) : options_(std::move(options)) {}

Result<std::vector<DriveEntry>> CoreBackend::list_drives() {
    std::vector<discovery::Disk> disks;
    scan_notes_.clear();
    if (options_.sources.empty()) {
        disks = discovery::scan_machine().disks;
    } else {
        for (const auto& path : options_.sources) {
            auto disk = discovery::scan_path(path);
            if (disk) disks.push_back(std::move(*disk));
            else scan_notes_.push_back(disk.error().message);
        }
    }
    std::vector<DriveEntry> drives;
    locations_.clear();
    for (const auto& disk : disks) {
        if (!disk.error.empty()) scan_notes_.push_back(fmt::format("{} could not be read: {}", disk.path, disk.error));
        for (const auto& p : disk.partitions) {
            if (!p.is_bitlocker && !worth_listing(disk, p)) continue;
            // Like `bderescue unlock IMAGE@OFFSET`: to the end of the file (with the partition's length as a
            // window, libbde 20190102 fails to read the last sectors of the volume).
            VolumeLocation where{p.path, p.path_offset, 0};
            DriveEntry d{.handle = where.display(),
                         .device = p.display_name(),
                         .disk = disk.path,
                         .model = disk.model,
                         .size = p.size,
                         .removable = disk.removable || !disk.is_internal(),
                         .likely_windows_system = p.bitlocker && discovery::describes_system_drive(*p.bitlocker),
                         .bitlocker = p.bitlocker,
                         .filesystem = p.is_bitlocker ? "" : p.fs_type,
                         .label = p.fs_label.empty() ? p.label : p.fs_label};
            if (p.is_bitlocker && !p.bitlocker)
                d.bitlocker_problem = p.bitlocker_error.empty() ? "its BitLocker metadata cannot be read" : p.bitlocker_error;
            locations_[d.handle] = where;
            drives.push_back(std::move(d));
        }
    }
    return drives;
}

std::vector<FoundKeyFile> CoreBackend::find_keys() { return {}; }

Result<UnlockReport> CoreBackend::unlock(const std::string& drive, const Credential& credential) {
    auto where = locations_.find(drive);
    if (where == locations_.end()) return fail(Errc::not_found, "This drive is no longer there. Press r to look again.");
    auto opened = open_volume(where->second, {credential});
    if (!opened) return std::unexpected(opened.error());
    UnlockReport report{.protector = opened->unlocked.protector.type,
                        .key_id = opened->unlocked.protector.key_id,
                        .recovery_password_readable = opened->unlocked.recovery_password.has_value()};
    opened_[drive] = std::make_shared<OpenedVolume>(std::move(*opened));
    return report;
}

std::optional<SecureBuffer> CoreBackend::recovery_password(const std::string& drive) {
    auto it = opened_.find(drive);
    if (it == opened_.end()) return std::nullopt;
    return it->second->unlocked.recovery_password;
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
    std::vector<std::string> out = scan_notes_;
    out.push_back("Not in this build yet: finding key files, browsing and copying files, images, mounting.");
    return out;
}

}  // namespace bde::tui
