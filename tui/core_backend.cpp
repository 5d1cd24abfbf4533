// The core backend's first half: drives, key files, unlocking, powering off.
#include "core_backend.hpp"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "discovery/mounts.hpp"
#include "discovery/scan.hpp"
#include "discovery/volume_order.hpp"
#include "keys/key_scanner.hpp"
#include "run_tool.hpp"

namespace bde::tui {

namespace {

constexpr std::uint64_t kSmallSystemPartition = 2'000'000'000;  // EFI, MSR, Windows recovery

// Other drives worth showing: anything with a file system on a removable disk or in an image, and the
// larger partitions of internal disks (not the EFI, MSR and recovery partitions every PC has). Of the stick
// we booted from only its data partition (the first: keys, logs, reports), never its boot or system parts.
bool worth_listing(const discovery::Disk& disk, const discovery::Partition& p) {
    if (p.fs_type.empty() || p.fs_type == "swap") return false;
    if (disk.is_rescue_stick && p.number != 1) return false;
    return !disk.is_internal() || p.size >= kSmallSystemPartition;
}

bool readable_for_keys(const std::string& fs) { return fs == "vfat" || fs == "exfat" || fs == "ntfs"; }

}  // namespace

CoreBackend::CoreBackend(CoreBackendOptions options) : options_(std::move(options)) {}

// Unlocked volumes are unmounted before the destinations they were copied to.
CoreBackend::~CoreBackend() { sessions_.clear(); }

const CoreBackend::Known* CoreBackend::known(const std::string& handle) const {
    auto it = known_.find(handle);
    return it == known_.end() ? nullptr : &it->second;
}

Result<std::vector<DriveEntry>> CoreBackend::list_drives() {
    std::vector<discovery::Disk> disks;
    notes_.clear();
    if (options_.sources.empty()) {
        disks = discovery::scan_machine().disks;
    } else {
        for (const auto& path : options_.sources) {
            auto disk = discovery::scan_path(path);
            if (disk) disks.push_back(std::move(*disk));
            else notes_.push_back(disk.error().message);
        }
    }
    std::vector<DriveEntry> drives;
    known_.clear();
    for (const auto& disk : disks) {
        if (!disk.error.empty()) notes_.push_back(fmt::format("{} could not be read: {}", disk.path, disk.error));
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
                         .removable = !disk.is_internal(),
                         .likely_windows_system = p.bitlocker && discovery::describes_system_drive(*p.bitlocker),
                         .bitlocker = p.bitlocker,
                         .filesystem = p.is_bitlocker ? "" : p.fs_type,
                         .label = p.fs_label.empty() ? p.label : p.fs_label};
            if (p.is_bitlocker && !p.bitlocker)
                d.bitlocker_problem = p.bitlocker_error.empty() ? "its BitLocker metadata cannot be read" : p.bitlocker_error;
            known_[d.handle] = Known{where, p, disk.path, disk.model, !disk.is_internal(), disk.read_only};
            drives.push_back(std::move(d));
        }
    }
    return drives;
}

// Key files on the stick, in --keys, and on removable drives (mounted read-only just for the scan).
std::vector<FoundKeyFile> CoreBackend::find_keys() {
    std::vector<std::pair<std::string, std::string>> roots;  // folder, how to name it on screen
    for (const auto& p : options_.key_paths) roots.push_back({p, p});
    if (!options_.stick.empty()) roots.push_back({options_.stick, "the BDE Rescue stick"});
    std::size_t first_drive = roots.size();
    std::vector<std::unique_ptr<MountedVolume>> scan_mounts;
    for (const auto& [handle, k] : known_) {
        const auto& p = k.partition;
        if (p.is_bitlocker || !k.removable || !readable_for_keys(p.fs_type)) continue;
        std::string what = fmt::format("{}{} ({})", k.model.empty() ? "a drive" : k.model,
                                       p.fs_label.empty() ? "" : " \"" + p.fs_label + "\"", p.display_name());
        if (!p.mountpoint.empty()) {
            roots.push_back({p.mountpoint, what});
            continue;
        }
        auto source = p.open();
        if (!source) continue;
        auto mounted = MountedVolume::mount(std::shared_ptr<const BlockSource>(std::move(*source)),
                                            MountRequest{.source_label = p.display_name()});
        if (!mounted) continue;
        if (auto space = discovery::space_usage((*mounted)->mountpoint())) free_seen_[handle] = space->free;
        roots.push_back({(*mounted)->mountpoint(), what});
        scan_mounts.push_back(std::move(*mounted));
    }
    // Folders meant for keys are read in full; whole drives only near the top (that is where people save
    // key files), so a large backup drive does not hold up the start.
    std::vector<std::string> key_folders, drive_roots;
    for (std::size_t i = 0; i < roots.size(); ++i)
        (i < first_drive ? key_folders : drive_roots).push_back(roots[i].first);
    KeyScanResult scan = scan_for_keys(key_folders);
    KeyScanResult on_drives = scan_for_keys(drive_roots, KeyScanOptions{.max_depth = 3, .max_entries = 20000});
    for (auto& key : on_drives.keys) scan.keys.push_back(std::move(key));
    merge_duplicate_keys(scan.keys);  // the same key on the stick and on a drive is offered once
    for (const auto& missing : scan.missing)
        notes_.push_back(fmt::format("{} does not exist: no keys were read from it.", missing));
    std::vector<FoundKeyFile> out;
    for (const auto& key : scan.keys) {
        const std::string& path = key.source().path;
        std::string where = "a connected drive";
        std::size_t best = 0;
        for (const auto& [root, what] : roots)
            if (path.rfind(root, 0) == 0 && root.size() > best) {
                best = root.size();
                where = what;
            }
        out.push_back({key.to_credential(), key.short_id, std::filesystem::path(path).filename().string(), where});
    }
    return out;  // the read-only scan mounts are removed here
}

Result<UnlockReport> CoreBackend::unlock(const std::string& drive, const Credential& credential) {
    const Known* k = known(drive);
    if (!k) return fail(Errc::not_found, "This drive is no longer there. Press r to look again.");
    auto opened = open_volume(k->where, {credential});
    if (!opened) return std::unexpected(opened.error());
    UnlockReport report{.protector = opened->unlocked.protector.type,
                        .key_id = opened->unlocked.protector.key_id,
                        .recovery_password_readable = opened->unlocked.recovery_password.has_value()};
    sessions_[drive] = Session{std::make_shared<OpenedVolume>(std::move(*opened)), nullptr};
    return report;
}

std::optional<SecureBuffer> CoreBackend::recovery_password(const std::string& drive) {
    auto it = sessions_.find(drive);
    if (it == sessions_.end()) return std::nullopt;
    return it->second.opened->unlocked.recovery_password;
}

Result<void> CoreBackend::power(PowerAction action) {
    sessions_.clear();               // unmount the unlocked volumes
    destinations_.unmount_all();     // and flush the copies to the destination drives
    ::sync();
    // Quietly: systemctl's chatter (the stick has no D-Bus, so "Failed to connect to bus" before it falls back)
    // would be printed over the last screen; the exit status says whether it worked.
    ToolRun run = run_tool({"systemctl", action == PowerAction::power_off ? "poweroff" : "reboot"});
    if (!run.started)
        return fail(Errc::unsupported, "This system cannot be powered off from here: use the power button.");
    if (!run.succeeded())
        return fail(Errc::unsupported, "The system refused to power off: use the power button.");
    return {};
}

}  // namespace bde::tui
