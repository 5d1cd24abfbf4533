#pragma once
// A decrypted volume's file system mounted read-only: our FUSE file (VolumeFuse) under a private
// runtime folder /run/bderescue/mounts/<id>/, and the well-kept driver for the file system on top of it
// (ntfs-3g for NTFS; the kernel's vfat/exfat where the kernel has them, else fusefat/exfat-fuse; see
// driver_choice.hpp), all read-only.
// RAII: destruction unmounts the driver, then the FUSE file, then removes the runtime folder; if the
// process dies first, a guardian process does it (see MountGuardian), and the next start sweeps
// whatever is left from runs whose owner is gone.
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

#include "io/block_source.hpp"
#include "mount/fs_detect.hpp"

namespace bde {

struct MountRequest {
    std::string mountpoint;    // where the files appear; empty = <runtime dir>/files
    std::string runtime_root;  // empty = default_runtime_root()
    bool direct_io = false;    // FUSE file without page cache (exact error sectors; slower)
    std::string source_label;  // for the record file and messages ("/dev/sda3")
};

class MountedVolume {
public:
    static Result<std::unique_ptr<MountedVolume>> mount(std::shared_ptr<const BlockSource> source, MountRequest request);
    ~MountedVolume();
    MountedVolume(const MountedVolume&) = delete;
    MountedVolume& operator=(const MountedVolume&) = delete;

    // Unmounts everything; idempotent. Errc::io if the driver's mount could not be removed at all.
    Result<void> unmount();
    // False once the file system was unmounted from outside (e.g. `bderescue umount`, `umount`).
    bool still_mounted() const;

    const std::string& mountpoint() const { return mountpoint_; }
    const std::string& runtime_dir() const { return runtime_dir_; }
    FsType fs_type() const { return fs_type_; }
    const std::string& driver() const { return driver_; }
    // Undoes the driver's known timestamp mistakes (fusefat); empty when the driver reports them right.
    std::function<std::int64_t(std::int64_t)> mtime_fix() const;
    // Things worth telling the user about this mount (driver limitations).
    const std::vector<std::string>& notes() const { return notes_; }

    struct State;

private:
    MountedVolume();
    std::string mountpoint_, runtime_dir_, driver_;
    FsType fs_type_ = FsType::unknown;
    std::vector<std::string> notes_;
    std::unique_ptr<State> state_;
};

std::string default_runtime_root();  // $BDERESCUE_RUNTIME_DIR or /run/bderescue; records in its mounts/

// What a runtime folder says about the mount it belongs to.
struct MountRecord {
    std::string runtime_dir;
    pid_t owner_pid = 0;
    bool owner_alive = false;
    std::string mountpoint;
    std::string source_label;
};
std::vector<MountRecord> list_mount_records(const std::string& runtime_root);

// Removes the mounts and record folders of runs whose owner process is gone, and nothing else in the runtime
// root. Returns the mount points cleaned.
std::vector<std::string> clean_stale_mounts(const std::string& runtime_root);

}  // namespace bde
