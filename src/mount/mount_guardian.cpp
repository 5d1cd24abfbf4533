#include "mount/mount_guardian.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <utility>

namespace bde {
namespace {

constexpr std::size_t kBufferSize = 1 << 16;
constexpr std::size_t kMaxLines = 1024;

constexpr int kWatchIntervalMs = 250;

// Formats a decimal number into out (no allocation); returns the end.
char* put_number(char* out, unsigned long long v) {
    char tmp[24];
    int n = 0;
    do tmp[n++] = static_cast<char>('0' + v % 10); while ((v /= 10) != 0);
    while (n > 0) *out++ = tmp[--n];
    return out;
}

// True when the parent is gone or its main thread has exited (state Z/X in /proc/PID/stat) while other
// threads are stuck in their exit.
bool parent_dying(pid_t parent) {
    if (::getppid() != parent) return true;
    char path[48] = "/proc/";
    *put_number(path + 6, static_cast<unsigned long long>(parent)) = '\0';
    std::size_t plen = std::strlen(path);
    std::memcpy(path + plen, "/stat", 6);
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return true;
    char stat[512];
    ssize_t n = ::read(fd, stat, sizeof stat - 1);
    ::close(fd);
    if (n <= 0) return true;
    stat[n] = '\0';
    const char* close_paren = std::strrchr(stat, ')');  // the command name may hold spaces and ')'
    if (!close_paren || close_paren[1] != ' ') return false;
    char state = close_paren[2];
    return state == 'Z' || state == 'X';
}

void abort_connection(const char* ctl) {
    int fd = ::open(ctl, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {  // fusectl is not always mounted
        ::mount("fusectl", "/sys/fs/fuse/connections", "fusectl", 0, nullptr);
        fd = ::open(ctl, O_WRONLY | O_CLOEXEC);
    }
    if (fd < 0) return;
    (void)!::write(fd, "1", 1);
    ::close(fd);
}

// Runs in the forked child: system calls only.
[[noreturn]] void guardian_main(int fd, pid_t parent, char* buf, const char** lines) {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP}) ::signal(sig, SIG_IGN);
    std::size_t len = 0;
    while (len < kBufferSize - 1) {
        pollfd pfd{fd, POLLIN, 0};
        int ready = ::poll(&pfd, 1, kWatchIntervalMs);
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) {
            if (parent_dying(parent)) break;
            continue;
        }
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
    for (std::size_t i = 0; i < count; ++i)
        if (lines[i][0] == 'A') abort_connection(lines[i] + 1);
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
    pid_t parent = ::getpid();
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
        guardian_main(rd, parent, buffer, lines);
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

void MountGuardian::abort_fuse_on_death(dev_t connection) {
    if (connection != 0) send('A', "/sys/fs/fuse/connections/" + std::to_string(connection) + "/abort");
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
