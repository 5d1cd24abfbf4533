#pragma once
// Serialises a VolumePlan into the unencrypted on-disk structures, laid out as Windows 10 writes them:
// the volume header (sector 0, "-FVE-FS-") and the FVE metadata area (block header, metadata header,
// entries, validation with CRC-32 and the VMK-sealed SHA-256), identical in all three copies.
#include <cstdint>
#include <span>
#include <vector>

#include "volume_plan.hpp"

namespace bdegen {

// One sector (sector_size bytes) for offset 0 of the encrypted volume.
std::vector<std::uint8_t> build_volume_header(const VolumePlan& plan);

// The 64 KiB metadata area (the same bytes for every copy).
std::vector<std::uint8_t> build_metadata_area(const VolumePlan& plan);

// Entry and value types used in the metadata (libyal's names).
namespace fve {
inline constexpr std::uint16_t kEntryProperty = 0x0000;
inline constexpr std::uint16_t kEntryVmk = 0x0002;
inline constexpr std::uint16_t kEntryFvek = 0x0003;
inline constexpr std::uint16_t kEntryDescription = 0x0007;
inline constexpr std::uint16_t kEntryVolumeHeader = 0x000F;
inline constexpr std::uint16_t kEntryRecoveryKeyBackup = 0x0012;  // in a recovery protector's stretch key
inline constexpr std::uint16_t kEntryRecoveryOpaque = 0x0013;

inline constexpr std::uint16_t kValueKey = 0x0001;
inline constexpr std::uint16_t kValueString = 0x0002;
inline constexpr std::uint16_t kValueStretchKey = 0x0003;
inline constexpr std::uint16_t kValueUseKey = 0x0004;
inline constexpr std::uint16_t kValueAesCcm = 0x0005;
inline constexpr std::uint16_t kValueVmk = 0x0008;
inline constexpr std::uint16_t kValueExternalKey = 0x0009;
inline constexpr std::uint16_t kValueVolumeHeader = 0x000F;
}  // namespace fve

std::uint32_t crc32(std::span<const std::uint8_t> data);

}  // namespace bdegen
