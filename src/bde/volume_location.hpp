#pragma once
// Where a volume is: a device or image file, optionally a byte window inside it (a partition in a whole-
// disk image). Written as PATH, PATH@OFFSET, or with separate offset/length options.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "io/file_source.hpp"

namespace bde {

struct VolumeLocation {
    std::string path;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;  // 0 = to the end
    std::string display() const;  // "disk.img@1048576" or "/dev/sda2"
};

// Parses "PATH" or "PATH@OFFSET" (OFFSET in bytes: decimal, 0x hex, or with a K/M/G/T or s (512-byte
// sector) suffix). A path that exists as written wins over the @ form. Explicit offset/length options
// override. Errc::usage for a malformed offset.
Result<VolumeLocation> parse_volume_location(std::string_view text, std::optional<std::string> offset = std::nullopt,
                                             std::optional<std::string> length = std::nullopt);
Result<std::uint64_t> parse_byte_count(std::string_view text);

Result<std::shared_ptr<FileSource>> open_location(const VolumeLocation& where);

}  // namespace bde
