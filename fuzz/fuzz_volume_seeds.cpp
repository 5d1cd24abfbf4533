// fuzz_volume_seeds OUTDIR IMAGE...: cuts seed inputs for the volume-parser fuzz targets from real BitLocker
// volumes: OUTDIR/fve_metadata/<image>.fve (the first metadata block, up to the end of its validation area)
// and OUTDIR/volume/<image>.vol (the first sector followed by that block). Run at fuzz-build time on volumes
// unpacked into the build tree; the volumes themselves never go into the repository.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bde/fve_metadata.hpp"
#include "bde/volume_header.hpp"

namespace {

std::vector<std::uint8_t> read_at(const std::string& path, std::uint64_t offset, std::size_t length) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::uint8_t> bytes(length);
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(length));
    bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return bytes;
}

void write(const std::filesystem::path& p, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// The block without the zeros that fill the rest of its 64 KiB area (keeping the validation area whole).
std::size_t used_length(const std::vector<std::uint8_t>& block, const bde::FveMetadata& m) {
    std::size_t end = block.size();
    while (end > 0 && block[end - 1] == 0) --end;
    std::size_t minimum = m.block_version >= 2 ? m.block_size + 8 : bde::kFveBlockHeaderSize + bde::kFveMetadataHeaderSize;
    return std::min(block.size(), std::max(end, minimum));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: fuzz_volume_seeds OUTDIR IMAGE...\n";
        return 2;
    }
    std::filesystem::path out(argv[1]);
    std::filesystem::create_directories(out / "fve_metadata");
    std::filesystem::create_directories(out / "volume");
    int status = 0;
    for (int i = 2; i < argc; ++i) {
        std::string image = argv[i], name = std::filesystem::path(image).stem().string();
        auto sector = read_at(image, 0, bde::kBootSectorSize);
        auto header = bde::parse_volume_header(sector);
        if (!header) {
            std::cerr << image << ": " << header.error().message << "\n";
            status = 1;
            continue;
        }
        auto block = read_at(image, header->metadata_offsets[0], bde::kFveMaxBlockSize);
        auto m = bde::parse_fve_metadata(block);
        if (!m) {
            std::cerr << image << ": " << m.error().message << " (" << m.error().detail << ")\n";
            status = 1;
            continue;
        }
        block.resize(used_length(block, *m));
        write(out / "fve_metadata" / (name + ".fve"), block);
        sector.insert(sector.end(), block.begin(), block.end());
        write(out / "volume" / (name + ".vol"), sector);
    }
    return status;
}
