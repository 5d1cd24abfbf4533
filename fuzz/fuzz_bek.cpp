// libFuzzer target: the .BEK startup-key parser, alone and through the key-file reader.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "keys/bek_file.hpp"
#include "keys/key_file_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> bytes(data, size);
    auto bek = bde::parse_bek(bytes);
    if (bek && bek->key.size() != 32) std::abort();
    // Whatever parse_bek accepts passes the cheap header check the scanner uses first.
    if (bek && !bde::looks_like_bek(bytes, size)) std::abort();
    auto parsed = bde::parse_key_file(bytes, "/fuzz/4381F759-C4F8-4DE0-BB61-FC33A831BDA5.BEK");
    for (const auto& k : parsed.keys)
        if (k.kind != bde::FoundKeyKind::startup_key || !k.key_id || k.secret.size() != 32) std::abort();
    return 0;
}
