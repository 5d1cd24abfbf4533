#include "discovery/probe_source.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace bde::discovery {

Result<std::unique_ptr<ProbeSource>> ProbeSource::open(const std::string& path) {
    // O_NONBLOCK: an empty card reader or optical drive answers at once instead of waiting for media.
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd) {
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
    if (fstat(fd.get(), &st) != 0) return fail(Errc::io, fmt::format("Cannot read {}.", path), std::strerror(errno));
    std::uint64_t size = 0;
    std::uint32_t sector = 512;
    if (S_ISBLK(st.st_mode)) {
        if (ioctl(fd.get(), BLKGETSIZE64, &size) != 0)
            return fail(Errc::io, fmt::format("Cannot get the size of {}.", path), std::strerror(errno));
        int ssz = 0;
        if (ioctl(fd.get(), BLKSSZGET, &ssz) == 0 && ssz > 0) sector = static_cast<std::uint32_t>(ssz);
    } else if (S_ISREG(st.st_mode)) {
        size = static_cast<std::uint64_t>(st.st_size);
    } else if (S_ISDIR(st.st_mode)) {
        return fail(Errc::usage, fmt::format("{} is a folder, not a disk or image file.", path));
    } else {
        return fail(Errc::usage, fmt::format("{} is not a disk or image file.", path));
    }
    auto src = std::make_unique<ProbeSource>(std::make_shared<UniqueFd>(std::move(fd)), path, 0, size, sector);
    src->is_block_device_ = S_ISBLK(st.st_mode);
    return src;
}

ProbeSource::ProbeSource(std::shared_ptr<const UniqueFd> fd, std::string path, std::uint64_t offset,
                         std::uint64_t length, std::uint32_t sector_size)
    : fd_(std::move(fd)), path_(std::move(path)), offset_(offset), length_(length), sector_size_(sector_size) {}

std::unique_ptr<ProbeSource> ProbeSource::window(std::uint64_t offset, std::uint64_t length) const {
    std::uint64_t start = std::min(offset, length_);
    auto w = std::make_unique<ProbeSource>(fd_, path_, offset_ + start, std::min(length, length_ - start), sector_size_);
    w->is_block_device_ = is_block_device_;
    return w;
}

Result<std::size_t> ProbeSource::read_at(std::uint64_t offset, std::span<std::uint8_t> out) const {
    std::uint64_t end = std::min<std::uint64_t>(length_, offset + out.size());
    std::size_t got = 0;
    for (std::uint64_t pos = offset; pos < end;) {
        ssize_t n = ::pread(fd_->get(), out.data() + got, static_cast<std::size_t>(end - pos),
                            static_cast<off_t>(offset_ + pos));
        if (n == 0) break;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return fail(Errc::io, fmt::format("Read error on {} at byte {}.", path_, offset_ + pos), std::strerror(errno));
        got += static_cast<std::size_t>(n);
        pos += static_cast<std::uint64_t>(n);
    }
    return got;
}

std::string ProbeSource::name() const {
    return offset_ ? fmt::format("{} at offset {}", path_, offset_) : path_;
}

}  // namespace bde::discovery
