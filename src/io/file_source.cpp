#include "io/file_source.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace bde {

Result<std::unique_ptr<FileSource>> FileSource::open(const std::string& path, std::uint64_t offset,
                                                     std::uint64_t length) {
    int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (raw < 0) {
        int e = errno;
        if (e == ENOENT) return fail(Errc::not_found, fmt::format("{} does not exist.", path));
        if (e == EACCES || e == EPERM)
            return fail(Errc::io, fmt::format("No permission to read {}: run as root.", path), std::strerror(e));
        return fail(Errc::io, fmt::format("Cannot open {}.", path), std::strerror(e));
    }
    std::unique_ptr<FileSource> src(new FileSource());
    src->fd_.reset(raw);
    src->path_ = path;

    struct stat st{};
    if (fstat(raw, &st) != 0) return fail(Errc::io, fmt::format("Cannot read {}.", path), std::strerror(errno));
    std::uint64_t total = 0;
    if (S_ISBLK(st.st_mode)) {
        src->is_block_device_ = true;
        if (ioctl(raw, BLKGETSIZE64, &total) != 0)
            return fail(Errc::io, fmt::format("Cannot get the size of {}.", path), std::strerror(errno));
        int ssz = 512;
        if (ioctl(raw, BLKSSZGET, &ssz) == 0 && ssz > 0) src->sector_size_ = static_cast<std::uint32_t>(ssz);
        // Belt and braces: the kernel refuses writes to the device while we hold it.
        int ro = 0;
        if (ioctl(raw, BLKROGET, &ro) == 0 && ro == 0) {
            int one = 1;
            if (ioctl(raw, BLKROSET, &one) == 0) src->previous_ro_ = 0;
        }
    } else if (S_ISREG(st.st_mode)) {
        total = static_cast<std::uint64_t>(st.st_size);
    } else if (S_ISDIR(st.st_mode)) {
        return fail(Errc::usage, fmt::format("{} is a folder, not a disk or image file.", path));
    } else {
        return fail(Errc::usage, fmt::format("{} is not a disk or image file.", path));
    }
    if (offset > total)
        return fail(Errc::corrupt, fmt::format("{} is smaller than expected (offset {} beyond its end).", path, offset));
    std::uint64_t avail = total - offset;
    src->offset_ = offset;
    src->length_ = length == 0 ? avail : std::min(length, avail);
    return src;
}

FileSource::~FileSource() {
    if (previous_ro_ == 0 && fd_) {
        int zero = 0;
        ioctl(fd_.get(), BLKROSET, &zero);
    }
}

Result<std::size_t> FileSource::read_at(std::uint64_t offset, std::span<std::uint8_t> out) const {
    if (offset >= length_) return std::size_t{0};
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), length_ - offset));
    std::size_t done = 0;
    while (done < want) {
        ssize_t n = ::pread(fd_.get(), out.data() + done, want - done, static_cast<off_t>(offset_ + offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(Errc::io, fmt::format("Read error on {} at byte {}.", path_, offset_ + offset + done),
                        std::strerror(errno));
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    return done;
}

std::string FileSource::name() const {
    return offset_ ? fmt::format("{} at offset {}", path_, offset_) : path_;
}

}  // namespace bde
