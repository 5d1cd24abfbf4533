#pragma once
// The order a technician wants BitLocker volumes in: the Windows system volume first.
#include <vector>

#include "discovery/model.hpp"

namespace bde::discovery {

// Every BitLocker volume of the snapshot, most likely Windows system volume first: a description naming
// drive C: ("DESKTOP-B8H4DIM C: 3/21/2024"), then volumes on internal disks, then larger before smaller,
// then by disk and partition number.
std::vector<VolumeRef> bitlocker_volumes(const Snapshot& snapshot);

// True when the metadata describes drive C: (Windows writes the drive letter into the description).
bool describes_system_drive(const VolumeInfo& info);

}  // namespace bde::discovery
