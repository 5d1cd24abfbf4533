#include "keys/safe_open.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace bde {
namespace {

Result<UniqueFd> open_checked(int dir_fd, const char* name, const struct stat& listed, int flags, bool want_dir) {
    flags |= O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
    // O_NOATIME keeps a scan from changing the source's metadata; only the owner (or root) may use it.
    int fd = ::openat(dir_fd, name, flags | O_NOATIME);
    if (fd < 0 && errno == EPERM) fd = ::openat(dir_fd, name, flags);
    if (fd < 0) {
        int e = errno;
        Errc code = e == ENOENT ? Errc::not_found : Errc::io;
        return fail(code, e == EACCES ? "permission denied" : e == ELOOP ? "it is a symbolic link" : std::strerror(e));
    }
    UniqueFd owned(fd);
    struct stat now {};
    if (::fstat(fd, &now) != 0) return fail(Errc::io, std::strerror(errno));
    if (now.st_dev != listed.st_dev || now.st_ino != listed.st_ino)
        return fail(Errc::io, "it changed while the folder was being read");
    if (want_dir ? !S_ISDIR(now.st_mode) : !S_ISREG(now.st_mode))
        return fail(Errc::io, want_dir ? "it is not a folder" : "it is not a regular file");
    return owned;
}

}  // namespace

Result<UniqueFd> open_listed_directory(int dir_fd, const char* name, const struct stat& listed) {
    return open_checked(dir_fd, name, listed, O_DIRECTORY, true);
}

Result<UniqueFd> open_listed_file(int dir_fd, const char* name, const struct stat& listed) {
    return open_checked(dir_fd, name, listed, 0, false);
}

Result<SecureBuffer> read_up_to(int fd, std::uint64_t max_bytes, std::uint64_t expected_size) {
    SecureBuffer out;
    // Growing a wiped buffer copies it; allocate what the file should need (plus a byte to see growth).
    out.resize(static_cast<std::size_t>(std::min(max_bytes, expected_size + 1)));
    out.resize(0);
    constexpr std::size_t chunk = 64 * 1024;
    while (out.size() < max_bytes) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, max_bytes - out.size()));
        std::size_t old = out.size();
        out.resize(old + want);
        ssize_t n = ::read(fd, out.data() + old, want);
        if (n < 0 && errno == EINTR) {
            out.resize(old);
            continue;
        }
        if (n < 0) {
            int e = errno;
            out.resize(old);
            return fail(Errc::io, e == EIO ? "read error (the drive may be failing)" : std::strerror(e));
        }
        out.resize(old + static_cast<std::size_t>(n));
        if (n == 0) break;
    }
    return out;
}

}  // namespace bde
