#pragma once
// Opening what a directory listing showed, safely for a scan of someone else's drive: read-only, without
// following a symbolic link, without blocking on a FIFO or device, without touching access times where
// allowed, and only if it is still the same object (device + inode) that was listed.
#include <sys/stat.h>

#include <cstdint>

#include "util/error.hpp"
#include "util/secure_buffer.hpp"
#include "util/unique_fd.hpp"

namespace bde {

// dir_fd may be AT_FDCWD with a path as name. listed: from fstatat(..., AT_SYMLINK_NOFOLLOW) or stat.
Result<UniqueFd> open_listed_directory(int dir_fd, const char* name, const struct stat& listed);
Result<UniqueFd> open_listed_file(int dir_fd, const char* name, const struct stat& listed);

// Reads from an open regular file up to max_bytes (the first bytes, for sniffing) into a wiped buffer.
// expected_size (from fstat) sizes the buffer once; a file that grows meanwhile is still read to max_bytes.
Result<SecureBuffer> read_up_to(int fd, std::uint64_t max_bytes, std::uint64_t expected_size = 0);

}  // namespace bde
