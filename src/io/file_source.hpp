#pragma once
// A read-only view of a device or image file, optionally a window (a partition inside a disk image).
// Opens with O_RDONLY always; block devices are additionally marked read-only (BLKROSET) while held,
// and their previous setting restored on release.
#include <memory>
#include <string>

#include "io/block_source.hpp"
#include "util/unique_fd.hpp"

namespace bde {

class FileSource final : public BlockSource {
public:
    // Opens path read-only. offset/length select a window (length 0 = to the end).
    static Result<std::unique_ptr<FileSource>> open(const std::string& path, std::uint64_t offset = 0,
                                                    std::uint64_t length = 0);
    ~FileSource() override;

    std::uint64_t size() const override { return length_; }
    std::uint32_t sector_size() const override { return sector_size_; }
    Result<std::size_t> read_at(std::uint64_t offset, std::span<std::uint8_t> out) const override;
    std::string name() const override;

    const std::string& path() const { return path_; }
    std::uint64_t offset() const { return offset_; }
    bool is_block_device() const { return is_block_device_; }
    int fd() const { return fd_.get(); }

private:
    FileSource() = default;
    UniqueFd fd_;
    std::string path_;
    std::uint64_t offset_ = 0;
    std::uint64_t length_ = 0;
    std::uint32_t sector_size_ = 512;
    bool is_block_device_ = false;
    int previous_ro_ = -1;  // BLKROGET before we set it; -1 when not changed
};

}  // namespace bde
