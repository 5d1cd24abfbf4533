#pragma once
// Recognises the boot sector of the file systems a decrypted BitLocker volume can hold. Used to accept
// a decryption that no second engine can confirm, and to check a raw FVEK.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace bde {

// "NTFS", "FAT32", "FAT16", "FAT12", "exFAT", "ReFS"; nullopt when the sector is none of them.
std::optional<std::string> filesystem_of_boot_sector(std::span<const std::uint8_t> sector);

}  // namespace bde
