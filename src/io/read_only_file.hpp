#pragma once
// Opening a disk or image file for reading, and reading it fully: what FileSource (held for unlocking and
// copying) and discovery's ProbeSource (a quick look at every disk) share. Their policies differ; the
// system calls and the messages a user sees when they fail do not.
#include <cstdint>
#include <span>
#include <string>

#include "util/error.hpp"
#include "util/unique_fd.hpp"

namespace bde {

struct ReadOnlyFile {
    UniqueFd fd;
    std::uint64_t size = 0;
    std::uint32_t sector_size = 512;  // the device's logical sector size; 512 for image files
    bool is_block_device = false;
};

// O_RDONLY always. nonblocking: an empty card reader or optical drive answers at once instead of waiting
// for media. Folders, sockets and the like are refused with a message that says what was given.
Result<ReadOnlyFile> open_read_only(const std::string& path, bool nonblocking = false);

// Reads at offset inside the window [window_offset, window_offset + window_length) of the file, until out is full
// or the window or file ends (a short count means the end). name is the source's name for the message.
Result<std::size_t> read_window(int fd, std::uint64_t window_offset, std::uint64_t window_length, std::uint64_t offset,
                                std::span<std::uint8_t> out, const std::string& name);

}  // namespace bde
