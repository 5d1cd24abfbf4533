#pragma once
// Which file system a (decrypted) volume holds, from its boot sector: picks the driver that mounts it.
#include <cstdint>
#include <span>

#include "io/block_source.hpp"

namespace bde {

enum class FsType { ntfs, fat12, fat16, fat32, exfat, refs, bitlocker, unknown };

FsType detect_filesystem(std::span<const std::uint8_t> boot_sector);
// Reads the first sector; Errc::io if it cannot be read.
Result<FsType> detect_filesystem(const BlockSource& source);

const char* fs_type_name(FsType t);  // "NTFS", "FAT32", "exFAT", ...

}  // namespace bde
