#pragma once
// Our own small FUSE file system: one BlockSource shown as a single read-only regular file
// (<dir>/volume), served by a pool of threads. It is what ntfs-3g, fusefat and exfat-fuse open to mount
// the decrypted volume, since no device-mapper or loop-device tricks are needed for them.
// Opening the file for writing is refused (EROFS); the mount itself is read-only.
// RAII: the destructor unmounts (lazily if something still holds the file open) and joins the threads.
#include <sys/types.h>

#include <memory>
#include <string>

#include "io/block_source.hpp"

namespace bde {

class VolumeFuse {
public:
    struct Options {
        std::string file_name = "volume";
        bool direct_io = false;  // bypass the page cache: read errors map to the exact sectors requested
    };

    // Mounts on dir (an existing empty folder) and starts serving.
    static Result<std::unique_ptr<VolumeFuse>> start(std::shared_ptr<const BlockSource> source, const std::string& dir,
                                                     Options options);
    static Result<std::unique_ptr<VolumeFuse>> start(std::shared_ptr<const BlockSource> source, const std::string& dir) {
        return start(std::move(source), dir, Options{});
    }
    ~VolumeFuse();
    VolumeFuse(const VolumeFuse&) = delete;
    VolumeFuse& operator=(const VolumeFuse&) = delete;

    // Unmounts and stops the threads. If the file is still open elsewhere after a few seconds, the mount is
    // detached and the connection aborted (the holder then gets I/O errors). Idempotent.
    Result<void> stop();

    const std::string& dir() const { return dir_; }
    std::string file_path() const;
    // The kernel's FUSE connection number (as in /sys/fs/fuse/connections/N); 0 if unknown.
    dev_t connection() const;
    const BlockSource& source() const { return *source_; }

    struct Impl;

private:
    VolumeFuse() = default;
    std::shared_ptr<const BlockSource> source_;
    std::string dir_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace bde
