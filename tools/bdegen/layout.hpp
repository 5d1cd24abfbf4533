#pragma once
// Where the BitLocker structures go inside the volume. Windows reserves these areas with files in
// "System Volume Information"; readers show them as zeros. We cannot add such files to a finished
// file-system image, so we place the areas where the plaintext is all zeros (free space): then the
// decrypted volume is byte-identical to the plaintext image.
#include <array>
#include <cstdint>

#include "util/error.hpp"

namespace bdegen {

inline constexpr std::uint64_t kMetadataAreaSize = 64 * 1024;  // one FVE metadata copy
inline constexpr std::uint64_t kBootBackupSize = 8 * 1024;     // relocated boot sectors
inline constexpr std::uint64_t kConversionAreaSize = 64 * 1024;  // Windows 8+ "FVE2.{da392a22-...}" area

struct Layout {
    std::array<std::uint64_t, 3> metadata{};  // offsets of the three metadata copies
    std::uint64_t boot_backup = 0;            // right after copy 1, as Windows puts it
    std::uint64_t conversion_area = 0;        // right after the boot backup
};

// Finds the areas in all-zero, 64 KiB-aligned parts of the plaintext, near a third, four ninths and
// five ninths of the volume like Windows. Errc::usage when the plaintext has no room.
bde::Result<Layout> find_layout(int plain_fd, std::uint64_t volume_size);

}  // namespace bdegen
