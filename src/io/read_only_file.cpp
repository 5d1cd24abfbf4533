#include "io/read_only_file.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace bde {

Result<ReadOnlyFile> open_read_only(const std::string& path, bool nonblocking) {
    ReadOnlyFile f;
    f.fd.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC | (nonblocking ? O_NONBLOCK : 0)));
    if (!f.fd) {
        int e = errno;
        if (e == ENOENT) return fail(Errc::not_found, fmt::format("{} does not exist.", path));
        if ((e == EACCES || e == EPERM) && geteuid() != 0)
            return fail(Errc::io, fmt::format("No permission to read {}: run as root.", path), std::strerror(e));
        if (e == EACCES || e == EPERM)
            return fail(Errc::io, fmt::format("The system does not let even root read {} (a container or security policy).", path),
                        std::strerror(e));
        if (e == ENOMEDIUM) return fail(Errc::not_found, fmt::format("{} has no medium inserted.", path));
        return fail(Errc::io, fmt::format("Cannot open {}.", path), std::strerror(e));
    }
    struct stat st{};
    if (fstat(f.fd.get(), &st) != 0) return fail(Errc::io, fmt::format("Cannot read {}.", path), std::strerror(errno));
    if (S_ISBLK(st.st_mode)) {
        f.is_block_device = true;
        if (ioctl(f.fd.get(), BLKGETSIZE64, &f.size) != 0)
            return fail(Errc::io, fmt::format("Cannot get the size of {}.", path), std::strerror(errno));
        int ssz = 0;
        if (ioctl(f.fd.get(), BLKSSZGET, &ssz) == 0 && ssz > 0) f.sector_size = static_cast<std::uint32_t>(ssz);
    } else if (S_ISREG(st.st_mode)) {
        f.size = static_cast<std::uint64_t>(st.st_size);
    } else if (S_ISDIR(st.st_mode)) {
        return fail(Errc::usage, fmt::format("{} is a folder, not a disk or image file.", path));
    } else {
        return fail(Errc::usage, fmt::format("{} is not a disk or image file.", path));
    }
    return f;
}

Result<std::size_t> read_window(int fd, std::uint64_t window_offset, std::uint64_t window_length, std::uint64_t offset,
                                std::span<std::uint8_t> out_all, const std::string& name) {
    if (offset >= window_length) return std::size_t{0};
    auto out = out_all.first(static_cast<std::size_t>(std::min<std::uint64_t>(out_all.size(), window_length - offset)));
    offset += window_offset;
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(Errc::io, fmt::format("Read error on {} at byte {}.", name, offset + done), std::strerror(errno));
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    return done;
}

}  // namespace bde
