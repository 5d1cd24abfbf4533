#pragma once
// A tiny helper process that outlives us only to clean up: if our process dies without unmounting
// (kill -9, a crash), the pipe to the guardian closes and it detaches every mount we registered and
// removes our runtime files, so no stale "Transport endpoint is not connected" mount is ever left.
// An orderly shutdown disarms it first. The child runs only system calls (no allocation), so forking
// from a multi-threaded process is safe.
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
