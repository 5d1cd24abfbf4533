#include "bde/fve_entries.hpp"

#include <fmt/format.h>

#include "bde/le_bytes.hpp"

namespace bde {

Result<std::vector<FveEntry>> split_entries(std::span<const std::uint8_t> area) {
    std::vector<FveEntry> out;
    std::size_t pos = 0;
    while (area.size() - pos >= kEntryHeaderSize) {
        std::uint16_t size = le16(area.data() + pos);
        if (size == 0) break;  // padding: the list is over
        if (size < kEntryHeaderSize || size > area.size() - pos)
            return fail(Errc::corrupt, "The BitLocker metadata is damaged (an entry has an impossible size).",
                        fmt::format("entry at +{} has size {} of {} bytes left", pos, size, area.size() - pos));
        const std::uint8_t* p = area.data() + pos;
        out.push_back({le16(p + 2), le16(p + 4), le16(p + 6), area.subspan(pos + kEntryHeaderSize, size - kEntryHeaderSize)});
        pos += size;  // size >= 8, so this always advances
    }
    return out;
}

}  // namespace bde
