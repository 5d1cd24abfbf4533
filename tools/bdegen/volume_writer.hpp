#pragma once
// Writes the encrypted volume: every sector of the plaintext encrypted with the FVEK at its own offset
// (only the first `encrypted_bytes` when paused), then the unencrypted structures on top: the BitLocker
// volume header in sector 0, the plaintext boot sectors encrypted at their backup place, and the three
// metadata copies. Streams in large chunks; unencrypted all-zero chunks are left as holes.
#include <optional>

#include "random_source.hpp"
#include "volume_plan.hpp"

namespace bdegen {

struct WriteOptions {
    std::optional<int> damage_copy;  // 1..3: overwrite that metadata copy with random bytes
};

bde::Result<void> write_volume(int plain_fd, int out_fd, const VolumePlan& plan, RandomSource& random,
                               const WriteOptions& options);

}  // namespace bdegen
