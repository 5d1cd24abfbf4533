#pragma once
// Reads the volume header and the three FVE metadata copies from a source, keeping the first copy that
// parses and passes its checksum. One good copy is enough; damaged ones are reported, not fatal.
#include <array>
#include <optional>

#include "bde/fve_metadata.hpp"
#include "bde/volume_header.hpp"
#include "io/block_source.hpp"

namespace bde {

struct FveCopies {
    VolumeHeader header;
    FveMetadata metadata;                           // from copy `used`
    int used = -1;
    int good = 0;                                   // copies that parsed
    std::array<std::optional<Error>, 3> problems;   // why a copy was not usable
};

// Errc::not_bitlocker without a signature, Errc::corrupt when no copy is usable, Errc::io on read errors.
Result<FveCopies> read_fve_metadata(const BlockSource& source);

// Reads exactly out.size() bytes (Errc::io when the source ends early).
Result<void> read_exact(const BlockSource& source, std::uint64_t offset, std::span<std::uint8_t> out);

}  // namespace bde
