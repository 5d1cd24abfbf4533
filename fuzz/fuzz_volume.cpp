// libFuzzer target: the volume header parser and read_volume_info on an in-memory volume, then the
// decrypted-volume layout built from what it read (VolumeMap).
// Input: the volume's first sector (512 bytes), then one FVE metadata block. The volume is 128 MiB of zeros
// with the sector at offset 0 and the block at every metadata offset the header (and, for Vista, the block
// itself) names, so the three copies are found where the header says.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "bde/le_bytes.hpp"
#include "bde/volume_header.hpp"
#include "bde/volume_info.hpp"
#include "bde/volume_map.hpp"
#include "fve_fuzz_input.hpp"
#include "io/block_source.hpp"

namespace {

constexpr std::uint64_t kVolumeSize = 128ull << 20;

// A sparse volume in memory: zeros, with byte ranges placed at given offsets (later ones on top). The metadata
// copies lie tens of MiB in, so io/memory_source.hpp would copy a whole 128 MiB volume for every input.
class SparseVolume final : public bde::BlockSource {
public:
    void place(std::uint64_t offset, std::span<const std::uint8_t> bytes) {
        if (offset < kVolumeSize && !bytes.empty()) parts_.push_back({offset, bytes});
    }
    std::uint64_t size() const override { return kVolumeSize; }
    bde::Result<std::size_t> read_at(std::uint64_t offset, std::span<std::uint8_t> out) const override {
        if (offset >= kVolumeSize) return std::size_t{0};
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), kVolumeSize - offset));
        std::memset(out.data(), 0, n);
        for (const auto& [at, bytes] : parts_) {
            std::uint64_t begin = std::max(at, offset), end = std::min(at + bytes.size(), offset + n);
            if (begin < end) std::memcpy(out.data() + (begin - offset), bytes.data() + (begin - at), end - begin);
        }
        return n;
    }
    std::string name() const override { return "fuzz volume"; }

private:
    struct Part {
        std::uint64_t offset;
        std::span<const std::uint8_t> bytes;
    };
    std::vector<Part> parts_;
};

void read_volume(std::span<const std::uint8_t> sector, std::span<const std::uint8_t> block) {
    SparseVolume volume;
    if (auto h = bde::parse_volume_header(sector))
        for (std::uint64_t at : h->metadata_offsets) volume.place(at, block);
    if (block.size() >= 56)  // the block's own list of the three copies (Vista's header names only one)
        for (int i = 0; i < 3; ++i) volume.place(bde::le64(block.data() + 32 + 8 * i), block);
    volume.place(0, sector);

    const bool signature = bde::looks_like_bitlocker(volume);
    auto info = bde::read_volume_info(volume);
    if (!info) {
        if (info.error().code == bde::Errc::internal) std::abort();
        return;
    }
    if (!signature) std::abort();  // read_volume_info accepted a volume the quick check rejects
    if (info->volume_size > volume.size() || info->encrypted_size > info->volume_size) std::abort();
    if (info->good_metadata_copies < 1 || info->good_metadata_copies > 3) std::abort();
    auto map = bde::VolumeMap::from(*info);
    std::uint64_t expected = 0;
    for (const auto& s : map.segments()) {
        if (s.offset != expected || s.length == 0) std::abort();  // contiguous, no empty segments
        expected = s.end();
    }
    if (expected != map.size()) std::abort();
    for (const auto& s : map.segments()) (void)map.segment_at(s.offset);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> bytes(data, size);
    std::array<std::uint8_t, bde::kBootSectorSize> sector{};
    std::memcpy(sector.data(), data, std::min(size, sector.size()));
    if (size < sector.size()) (void)bde::parse_volume_header(bytes);  // short input: the header check alone
    auto block = bytes.subspan(std::min(size, sector.size()));
    read_volume(sector, block);
    auto repaired = fuzzinput::with_valid_checksum(block);
    read_volume(sector, repaired);
    return 0;
}
