#pragma once
// The JSON shapes of `bderescue scan --json`. Scripts depend on the field names: add, never rename.
#include <nlohmann/json.hpp>

#include "discovery/model.hpp"

namespace bde::discovery {

// One BitLocker volume: where it is, what its metadata says (null fields when it could not be read,
// with "error" saying why), and which disk it is on.
nlohmann::json volume_json(const Disk& disk, const Partition& partition);

// A disk and all its partitions (for --all).
nlohmann::json disk_json(const Disk& disk);

// The key-free metadata of a volume. Temporary here until the volume layer provides bde::to_json.
nlohmann::json volume_info_json(const VolumeInfo& info);

}  // namespace bde::discovery
