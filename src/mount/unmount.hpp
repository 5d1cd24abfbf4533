#pragma once
// Unmounting without leaving stale mounts: try a normal unmount a few times (a driver may still be
// closing files), then detach lazily; as a non-root user go through fusermount3/fusermount.
#include <sys/types.h>

#include <string>
#include <vector>

#include "util/error.hpp"

namespace bde {

struct UnmountOutcome {
    bool was_mounted = false;
    bool detached_lazily = false;  // still in use: detached now, freed when the last user lets go
};

// Unmounts whatever is mounted on path. Errc::io with a clear message if it cannot be removed at all.
Result<UnmountOutcome> unmount_path(const std::string& path, int busy_retry_ms = 3000);

// Runs a helper program (looked up in PATH) with its output discarded; true if it exited 0.
bool run_quietly(const std::vector<std::string>& argv);

// True if path is a mount point right now (per /proc/self/mountinfo).
bool is_mount_point(const std::string& path);

// The file-system type of the mount on path ("fuse.bderescue", "fuseblk", "fuse"), empty if none.
std::string mount_type_of(const std::string& path);

// The device number of the mount on path (the FUSE connection number for FUSE mounts); 0 if none.
// Read from /proc/self/mountinfo, so it never calls into the file system itself.
dev_t mount_device_of(const std::string& path);

}  // namespace bde
