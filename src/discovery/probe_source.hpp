#pragma once
// A plain O_RDONLY reader for looking at disks during discovery (opened and read by io/read_only_file, like
// FileSource). Unlike FileSource it never changes a device's read-only flag: discovery looks at every disk,
// including the destination drive that may be mounted read-write and in use, and a crash while the flag was
// flipped would leave that drive unwritable. It also opens without blocking (see open_read_only).
#include <memory>
#include <string>

#include "io/block_source.hpp"
#include "util/unique_fd.hpp"

namespace bde::discovery {

class ProbeSource final : public BlockSource {
public:
    static Result<std::unique_ptr<ProbeSource>> open(const std::string& path);
    // A window onto another ProbeSource's file (same descriptor, shared).
    ProbeSource(std::shared_ptr<const UniqueFd> fd, std::string path, std::uint64_t offset, std::uint64_t length,
                std::uint32_t sector_size);

    std::uint64_t size() const override { return length_; }
    std::uint32_t sector_size() const override { return sector_size_; }
    Result<std::size_t> read_at(std::uint64_t offset, std::span<std::uint8_t> out) const override;
    std::string name() const override;

    int fd() const { return fd_->get(); }
    bool is_block_device() const { return is_block_device_; }
    std::unique_ptr<ProbeSource> window(std::uint64_t offset, std::uint64_t length) const;

private:
    std::shared_ptr<const UniqueFd> fd_;
    std::string path_;
    std::uint64_t offset_ = 0;
    std::uint64_t length_ = 0;
    std::uint32_t sector_size_ = 512;
    bool is_block_device_ = false;
};

}  // namespace bde::discovery
