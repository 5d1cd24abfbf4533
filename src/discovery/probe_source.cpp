#include "discovery/probe_source.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "io/read_only_file.hpp"

namespace bde::discovery {

Result<std::unique_ptr<ProbeSource>> ProbeSource::open(const std::string& path) {
    auto file = open_read_only(path, /*nonblocking=*/true);
    if (!file) return std::unexpected(file.error());
    auto src = std::make_unique<ProbeSource>(std::make_shared<UniqueFd>(std::move(file->fd)), path, 0, file->size,
                                             file->sector_size);
    src->is_block_device_ = file->is_block_device;
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
    return read_window(fd_->get(), offset_, length_, offset, out, path_);
}

std::string ProbeSource::name() const {
    return offset_ ? fmt::format("{} at offset {}", path_, offset_) : path_;
}

}  // namespace bde::discovery
