#include "mount/mount_guardian.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <utility>

namespace bde {
namespace {

constexpr std::size_t kBufferSize = 1 << 16;
constexpr std::size_t kMaxLines = 1024;

// Runs in the forked child: system calls only.
[[noreturn]] void guardian_main(int fd, char* buf, const char** lines) {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP}) ::signal(sig, SIG_IGN);
    std::size_t len = 0;
    while (len < kBufferSize - 1) {
        ssize_t n = ::read(fd, buf + len, kBufferSize - 1 - len);
        if (n > 0) len += static_cast<std::size_t>(n);
        else if (n < 0 && errno == EINTR) continue;
        else break;
    }
    buf[len] = '\0';
    // Split into lines; a 'C' line cancels everything before it.
    std::size_t count = 0;
    char* p = buf;
    while (*p && count < kMaxLines) {
        char* nl = p;
        while (*nl && *nl != '\n') ++nl;
        bool complete = *nl == '\n';
        *nl = '\0';
        if (!complete) break;  // a half-written last line is ignored
        if (*p == 'C') count = 0;
        else if (*p) lines[count++] = p;
        p = nl + 1;
    }
    for (std::size_t i = count; i-- > 0;) {
        const char* path = lines[i] + 1;
        switch (lines[i][0]) {
            case 'M': ::umount2(path, MNT_DETACH); break;
            case 'F': ::unlink(path); break;
            case 'D': ::rmdir(path); break;
            default: break;
        }
    }
    ::_exit(0);
}

}  // namespace

Result<MountGuardian> MountGuardian::start() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return fail(Errc::internal, "Cannot start the mount guardian.", std::strerror(errno));
    // Allocated before fork: the child must not call malloc.
    static char* buffer = new char[kBufferSize];
    static const char** lines = new const char*[kMaxLines];
    pid_t pid = ::fork();
    if (pid < 0) {
        int e = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        return fail(Errc::internal, "Cannot start the mount guardian.", std::strerror(e));
    }
    if (pid == 0) {
        // Keep only the read end of the pipe (as fd 3) and /dev/null on 0-2: holding anything else
        // (a FUSE device, a file on a mount) would keep mounts busy.
        int rd = fds[0] == 3 ? 3 : ::dup2(fds[0], 3);
        ::syscall(SYS_close_range, 4u, ~0u, 0u);
        int null = ::open("/dev/null", O_RDWR);
        if (null >= 0) {
            ::dup2(null, 0);
            ::dup2(null, 1);
            ::dup2(null, 2);
            if (null > 3) ::close(null);
        }
        ::setsid();  // out of the terminal's process group: Ctrl-C is for the parent
        guardian_main(rd, buffer, lines);
    }
    ::close(fds[0]);
    MountGuardian g;
    g.pipe_.reset(fds[1]);
    g.pid_ = pid;
    return g;
}

MountGuardian::MountGuardian(MountGuardian&& o) noexcept : pipe_(std::move(o.pipe_)), pid_(std::exchange(o.pid_, -1)) {}

MountGuardian& MountGuardian::operator=(MountGuardian&& o) noexcept {
    if (this != &o) {
        this->~MountGuardian();
        new (this) MountGuardian(std::move(o));
    }
    return *this;
}

MountGuardian::~MountGuardian() {
    pipe_.reset();  // EOF: the guardian does whatever is still armed, then exits
    if (pid_ > 0) {
        while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
}

void MountGuardian::send(char op, const std::string& path) {
    if (!pipe_) return;
    std::string line;
    line.reserve(path.size() + 2);
    line.push_back(op);
    line += path;
    line.push_back('\n');
    std::size_t done = 0;
    while (done < line.size()) {
        ssize_t n = ::write(pipe_.get(), line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the guardian is gone; nothing more we can do
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace bde
