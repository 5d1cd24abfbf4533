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

constexpr const char* kOutside = "This metadata copy is outside the volume.";

Result<FveMetadata> read_copy(const BlockSource& source, std::uint64_t offset) {
    if (offset == 0 || offset >= source.size())
        return fail(Errc::corrupt, kOutside, fmt::format("offset {}", offset));
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
    std::array<std::optional<FveMetadata>, 3> parsed;
    for (int i = 0; i < 3; ++i) {
        auto m = read_copy(source, offsets[i]);
        if (!m) {
            // A bad sector in one copy is what the other two are for: note it and go on.
            out.problems[i] = m.error();
            continue;
        }
        // Vista's header names only the first copy; the block lists all three.
        if (header->flavor == HeaderFlavor::vista && i == 0) {
            offsets[1] = m->copy_offsets[1];
            offsets[2] = m->copy_offsets[2];
        }
        parsed[i] = std::move(*m);
    }
    // Every volume has a protector and the wrapped volume key. A copy whose entry list ends before them
    // (zeroed or overwritten entries that still parse) is damage when another copy is complete.
    auto complete = [](const std::optional<FveMetadata>& m) { return m && !m->vmks.empty() && m->wrapped_fvek; };
    bool any_complete = std::any_of(parsed.begin(), parsed.end(), complete);
    std::optional<FveMetadata> chosen;
    for (int i = 0; i < 3; ++i) {
        if (!parsed[i]) continue;
        if (any_complete && !complete(parsed[i])) {
            out.problems[i] = Error{Errc::corrupt, "This metadata copy lists no protector or no volume key.",
                                    "entries missing"};
            continue;
        }
        ++out.good;
        if (!chosen) {
            chosen = std::move(parsed[i]);
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
        bool beyond_end = std::all_of(out.problems.begin(), out.problems.end(),
                                      [](const auto& p) { return p && p->message == kOutside; });
        if (beyond_end)
            return fail(Errc::corrupt,
                        fmt::format("The BitLocker metadata should lie beyond the end of {} ({} bytes): the image "
                                    "looks cut short, or the partition start or length is wrong. Use the complete "
                                    "disk or image, or check --offset/--length.",
                                    source.name(), source.size()),
                        first.detail);
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
