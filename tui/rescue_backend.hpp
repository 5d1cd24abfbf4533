#pragma once
// Everything the rescue screen asks of the core, as one interface. The controller calls it only from its
// background job (one call at a time), so implementations need no locking of their own. The real
// implementation is CoreBackend (core_backend.hpp); tests plug in a fake.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bde/credential.hpp"
#include "bde/volume_info.hpp"
#include "util/error.hpp"
#include "util/secure_buffer.hpp"

namespace bde::tui {

// A partition, whole disk or image file: a BitLocker volume to rescue, or another drive (key source, destination).
struct DriveEntry {
    std::string handle;       // the backend's identifier, passed back in every call
    std::string device;       // shown to the user: "/dev/nvme0n1p3", "disk.img"
    std::string disk;         // the physical disk it lives on ("/dev/nvme0n1"); copies never go there
    std::string model;        // "Samsung SSD 980 PRO 500GB"; empty when unknown
    std::uint64_t size = 0;   // bytes
    bool removable = false;   // USB sticks and card readers
    bool likely_windows_system = false;
    std::optional<bde::VolumeInfo> bitlocker;  // set for BitLocker volumes whose metadata could be read
    std::string bitlocker_problem;  // a BitLocker volume whose metadata could not be read: why
    std::string filesystem;   // other drives: "ntfs", "vfat", "exfat", ...
    std::string label;        // file-system label, e.g. "BACKUP"
    bool is_bitlocker() const { return bitlocker.has_value() || !bitlocker_problem.empty(); }
};

// A key file found on some drive (or given with --keys).
struct FoundKeyFile {
    bde::Credential credential;  // recovery_password or startup_key; key_id when the file names it
    std::optional<KeyIdPattern> id_prefix;  // only the start of the ID is known ("1F9DA098"); key_id unset
    std::string file;            // "BitLocker Recovery Key 1F9DA098-....TXT", "1F9DA098-....BEK"
    std::string where;           // "USB stick SanDisk Cruzer (/dev/sdb1)"
};

struct UnlockReport {
    bde::ProtectorType protector = bde::ProtectorType::unknown;
    bde::KeyId key_id;               // the protector that opened the volume
    bool recovery_password_readable = false;  // the 48 digits can be shown (see recovery_password())
};

struct DirEntry {
    std::string name;
    bool is_dir = false;
    std::uint64_t size = 0;   // files: their size; folders: the files below, as far as counted
    bool size_known = false;  // folders: every file below was counted (otherwise size is a lower bound)
};

struct Destination {
    std::string handle;        // for plan_copy / copy / make_image
    std::string device;        // "/dev/sdc1"
    std::string label;         // "BACKUP"
    std::string model;         // "WD Elements 25A2"
    std::string filesystem;    // "exfat", "vfat", "ntfs"
    std::uint64_t free = 0, total = 0;
    bool free_known = true;    // false until the drive has been opened
    bool usable = true;        // false: shown but cannot be chosen (read-only, on the source disk, ...)
    std::string problem;       // why not usable, or a warning
};

struct CopyRequest {
    std::string drive;                 // the unlocked source volume
    std::vector<std::string> paths;    // folders/files on it, '/'-separated from its root ("Users/anna")
    std::string destination;           // Destination::handle
    std::string folder;                // the new folder on the destination ("DESKTOP-B8H4DIM 2026-11-05")
};

struct CopyPlan {
    std::uint64_t files = 0, bytes = 0;
    std::uint64_t free = 0;            // free space on the destination
    bool free_known = true;            // false when the drive's driver does not say (then no warning either)
    std::uint64_t too_big_files = 0;   // larger than the destination's file-size limit (FAT32: 4 GiB - 1)
    std::uint64_t too_big_bytes = 0;
    std::string target;                // where the files will go, as the user will find them
    bool folder_exists = false;        // an earlier copy went there: files already copied are not copied again
    std::vector<std::string> warnings; // anything else the engine wants said before starting
};

struct CopyProgress {
    std::uint64_t files_done = 0, files_total = 0;
    std::uint64_t bytes_done = 0, bytes_total = 0;
    std::string current_file;
    std::uint64_t current_done = 0, current_total = 0;  // 0 total: not known (no bar for this file)
    std::uint64_t errors = 0;
};

struct CopyFailure {
    std::string path;     // the file that failed
    std::string message;  // what went wrong, for a person
};

enum class FailureChoice { retry, skip, skip_all, abort };

struct CopyCallbacks {
    std::function<bool(const CopyProgress&)> progress;  // false: stop (cancelled); may block (paused)
    std::function<FailureChoice(const CopyFailure&)> on_failure;
    std::function<bool()> cancelled;                     // polled between pieces of work
};

struct CopyResult {
    std::uint64_t copied_files = 0, copied_bytes = 0;
    std::uint64_t skipped_files = 0, failed_files = 0;
    std::uint64_t already_there_files = 0;  // copied by an earlier run into the same folder, left as they were
    bool cancelled = false;
    std::string target;       // the folder (or image file) written
    std::string report;       // the report file, when one was written
};

enum class PowerAction { power_off, reboot };

class RescueBackend {
public:
    virtual ~RescueBackend() = default;

    virtual Result<std::vector<DriveEntry>> list_drives() = 0;
    virtual std::vector<FoundKeyFile> find_keys() = 0;
    // Errc::wrong_key when the credential is well-formed but opens no protector of this volume.
    virtual Result<UnlockReport> unlock(const std::string& drive, const bde::Credential& credential) = 0;
    // The volume's 48-digit recovery password, readable once it is unlocked by any protector.
    virtual std::optional<SecureBuffer> recovery_password(const std::string& drive) = 0;
    // Lists one folder of an unlocked volume ("" is the root).
    virtual Result<std::vector<DirEntry>> list_directory(const std::string& drive, const std::string& path) = 0;
    virtual Result<std::vector<Destination>> list_destinations(const std::string& source_drive) = 0;
    virtual Result<CopyPlan> plan_copy(const CopyRequest& request) = 0;
    virtual Result<CopyResult> copy(const CopyRequest& request, const CopyCallbacks& callbacks) = 0;
    // A sector-by-sector decrypted image of the whole volume into `folder` on the destination.
    virtual Result<CopyResult> make_image(const CopyRequest& request, const CopyCallbacks& callbacks) = 0;
    // Mounts the unlocked volume read-only; returns the mount point for a shell.
    virtual Result<std::string> mount_read_only(const std::string& drive) = 0;
    virtual Result<void> power(PowerAction action) = 0;
    // What this build cannot do yet, told once on the first screen (empty when complete).
    virtual std::vector<std::string> limitations() const { return {}; }
};

}  // namespace bde::tui
