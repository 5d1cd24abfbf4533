#include "discovery/volume_order.hpp"

#include <algorithm>
#include <tuple>

namespace bde::discovery {

bool describes_system_drive(const VolumeInfo& info) {
    return (" " + info.description + " ").find(" C: ") != std::string::npos;
}

std::vector<VolumeRef> bitlocker_volumes(const Snapshot& snapshot) {
    std::vector<VolumeRef> refs;
    for (std::size_t d = 0; d < snapshot.disks.size(); ++d)
        for (std::size_t p = 0; p < snapshot.disks[d].partitions.size(); ++p)
            if (snapshot.disks[d].partitions[p].is_bitlocker) refs.push_back({d, p});

    auto rank = [&](VolumeRef r) {
        const Disk& disk = snapshot.disk_of(r);
        const Partition& part = snapshot.partition_of(r);
        bool system = part.bitlocker && describes_system_drive(*part.bitlocker);
        // Smaller tuples sort first: negate what should come first.
        return std::make_tuple(!system, !disk.is_internal(), ~part.size, r.disk, part.number);
    };
    std::stable_sort(refs.begin(), refs.end(), [&](VolumeRef a, VolumeRef b) { return rank(a) < rank(b); });
    return refs;
}

}  // namespace bde::discovery
