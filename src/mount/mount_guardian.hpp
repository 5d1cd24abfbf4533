#pragma once
// A tiny helper process that outlives us only to clean up: if our process dies without unmounting
// (kill -9, a crash), the pipe to the guardian closes and it detaches every mount we registered and
// removes our runtime files, so no stale "Transport endpoint is not connected" mount is ever left.
// An orderly shutdown disarms it first. The child runs only system calls (no allocation), so forking
// from a multi-threaded process is safe.
// A process killed while one of its threads has a file open on a FUSE mount it serves itself (ntfs-3g
// reading our decrypted-volume file) cannot finish dying: closing that file waits for a FUSE answer that
// will never come, and the pipe stays open. So the guardian also watches for our main thread having
// exited, and aborts the registered FUSE connections before unmounting, which unblocks the exit.
#include <sys/types.h>

#include <string>

#include "util/error.hpp"
#include "util/unique_fd.hpp"

namespace bde {

class MountGuardian {
public:
    static Result<MountGuardian> start();
    MountGuardian() = default;
    MountGuardian(MountGuardian&& o) noexcept;
    MountGuardian& operator=(MountGuardian&& o) noexcept;
    ~MountGuardian();

    // On our death: undo in reverse order of registration.
    void unmount_on_death(const std::string& path) { send('M', path); }
    // The FUSE connection behind a mount (its device number, see mount_device_of): cut first on death.
    void abort_fuse_on_death(dev_t connection);
    void remove_file_on_death(const std::string& path) { send('F', path); }
    void remove_dir_on_death(const std::string& path) { send('D', path); }
    // Everything registered so far was cleaned up by us: nothing left for the guardian to do.
    void disarm() { send('C', ""); }

private:
    void send(char op, const std::string& path);
    UniqueFd pipe_;
    pid_t pid_ = -1;
};

}  // namespace bde
