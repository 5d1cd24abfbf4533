// libFuzzer target: the FVE metadata block parser (block header, CRC-32, metadata header, protector entries
// with their nested properties), on the input as it is and with its checksum repaired.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "bde/fve_metadata.hpp"
#include "fve_fuzz_input.hpp"

namespace {

void parse(std::span<const std::uint8_t> block) {
    auto m = bde::parse_fve_metadata(block);
    if (!m) {
        if (m.error().code != bde::Errc::corrupt) std::abort();  // damage is the only way a block can fail
        return;
    }
    if (m->block_version != 1 && m->block_version != 2) std::abort();
    if (m->checksum_verified && m->block_size + 8 > block.size()) std::abort();
    for (const auto& v : m->vmks)
        for (const auto& w : v.wrapped_vmk)
            if (w.ciphertext.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> bytes(data, size);
    parse(bytes);
    auto repaired = fuzzinput::with_valid_checksum(bytes);
    parse(repaired);
    return 0;
}
