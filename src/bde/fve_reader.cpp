#include "bde/fve_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace bde {

Result<void> read_exact(const BlockSource& source, std::uint64_t offset, std::span<std::uint8_t> out) {
    auto n = source.read_at(offset, out);
    if (!n) return std::unexpected(n.error());
    if (*n != out.size())
        return fail(Errc::io, fmt::format("{} ends before byte {}: the volume looks truncated.", source.name(),
                                          offset + out.size()));
    return {};
}

namespace {

Result<FveMetadata> read_copy(const BlockSource& source, std::uint64_t offset) {
    if (offset == 0 || offset >= source.size())
        return fail(Errc::corrupt, "This metadata copy is outside the volume.", fmt::format("offset {}", offset));
    std::vector<std::uint8_t> block(static_cast<std::size_t>(std::min<std::uint64_t>(kFveMaxBlockSize, source.size() - offset)));
    auto n = source.read_at(offset, block);
    if (!n) return std::unexpected(n.error());
    block.resize(*n);
    return parse_fve_metadata(block);
}

}  // namespace

Result<FveCopies> read_fve_metadata(const BlockSource& source) {
    std::array<std::uint8_t, kBootSectorSize> sector{};
    if (source.size() < kBootSectorSize) return fail(Errc::not_bitlocker, "The volume is too small to be BitLocker.");
    if (auto r = read_exact(source, 0, sector); !r) return std::unexpected(r.error());
    auto header = parse_volume_header(sector);
    if (!header) return std::unexpected(header.error());

    FveCopies out;
    out.header = *header;
    std::array<std::uint64_t, 3> offsets = header->metadata_offsets;
    std::optional<FveMetadata> chosen;
    for (int i = 0; i < 3; ++i) {
        auto m = read_copy(source, offsets[i]);
        if (!m) {
            // A bad sector in one copy is what the other two are for: note it and go on.
            out.problems[i] = m.error();
            continue;
        }
        ++out.good;
        // Vista's header names only the first copy; the block lists all three.
        if (header->flavor == HeaderFlavor::vista && i == 0) {
            offsets[1] = m->copy_offsets[1];
            offsets[2] = m->copy_offsets[2];
        }
        if (!chosen) {
            chosen = std::move(*m);
            out.used = i;
        }
    }
    if (!chosen) {
        const Error& first = *out.problems[0];
        bool unreadable = std::all_of(out.problems.begin(), out.problems.end(),
                                      [](const auto& p) { return p && p->code == Errc::io; });
        if (unreadable)
            return fail(Errc::io,
                        "None of the three copies of the BitLocker metadata can be read: the drive has bad sectors "
                        "there. Make an image of the whole drive (e.g. with ddrescue) and try again on the image.",
                        first.message);
        return fail(Errc::corrupt,
                    "All three copies of the BitLocker metadata on this volume are damaged, so it cannot be "
                    "opened. Make an image of the drive before trying anything else.",
                    first.detail);
    }
    out.header.metadata_offsets = offsets;
    out.metadata = std::move(*chosen);
    return out;
}

}  // namespace bde
