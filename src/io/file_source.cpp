#include "io/file_source.hpp"

#include <linux/fs.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <fmt/format.h>

#include "io/read_only_file.hpp"

namespace bde {

Result<std::unique_ptr<FileSource>> FileSource::open(const std::string& path, std::uint64_t offset,
                                                     std::uint64_t length) {
    auto file = open_read_only(path);
    if (!file) return std::unexpected(file.error());
    std::unique_ptr<FileSource> src(new FileSource());
    src->fd_ = std::move(file->fd);
    src->path_ = path;
    src->sector_size_ = file->sector_size;
    src->is_block_device_ = file->is_block_device;
    if (file->is_block_device) {
        // Belt and braces: the kernel refuses writes to the device while we hold it.
        int ro = 0;
        if (ioctl(src->fd_.get(), BLKROGET, &ro) == 0 && ro == 0) {
            int one = 1;
            if (ioctl(src->fd_.get(), BLKROSET, &one) == 0) src->previous_ro_ = 0;
        }
    }
    if (offset > file->size)
        return fail(Errc::corrupt, fmt::format("{} is smaller than expected (offset {} beyond its end).", path, offset));
    std::uint64_t avail = file->size - offset;
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
    return read_window(fd_.get(), offset_, length_, offset, out, path_);
}

std::string FileSource::name() const {
    return offset_ ? fmt::format("{} at offset {}", path_, offset_) : path_;
}

}  // namespace bde
