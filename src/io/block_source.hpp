#pragma once
// Anything that can be read by byte offset: a raw device or image file, a decrypted BitLocker volume,
// a fault-injecting wrapper in tests. Readers never write; there is deliberately no write method.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "util/error.hpp"

namespace bde {

class BlockSource {
public:
    virtual ~BlockSource() = default;
    // Total readable size in bytes.
    virtual std::uint64_t size() const = 0;
    // Smallest unit that can fail on its own (the device's logical sector size; 512 for files).
    virtual std::uint32_t sector_size() const { return 512; }
    // Reads exactly out.size() bytes at offset (short only at the end of the source). Thread-safe: the
    // decrypting reader calls it from worker threads. Errc::io for a read error, naming the offset.
    virtual Result<std::size_t> read_at(std::uint64_t offset, std::span<std::uint8_t> out) const = 0;
    // Human name for messages ("/dev/sda2", "disk.img at offset 1048576").
    virtual std::string name() const = 0;
};

}  // namespace bde
