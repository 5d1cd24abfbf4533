#pragma once
// Sector encryption with the FVEK, as Windows writes data:
//   AES-XTS: one data unit per sector, tweak = sector number (offset / sector size), little-endian;
//   AES-CBC: one chain per sector, IV = AES-ECB(FVEK, byte offset as a 16-byte little-endian number).
// Offsets are relative to the start of the volume. Encrypts many sectors per call.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "util/secure_buffer.hpp"

namespace bdegen {

enum class Method : std::uint16_t {
    aes_cbc_128 = 0x8002,
    aes_cbc_256 = 0x8003,
    aes_xts_128 = 0x8004,
    aes_xts_256 = 0x8005,
};

std::optional<Method> parse_method(std::string_view name);  // "aes-xts-128" ...
const char* method_name(Method m);
std::size_t fvek_size(Method m);  // 16/32 for CBC, 32/64 (key1||key2) for XTS

class SectorCipher {
public:
    SectorCipher(Method method, const bde::SecureBuffer& fvek, std::uint32_t sector_size);
    ~SectorCipher();
    SectorCipher(const SectorCipher&) = delete;
    SectorCipher& operator=(const SectorCipher&) = delete;

    // data.size() must be a multiple of the sector size; first_offset the volume offset of data[0].
    void encrypt(std::span<std::uint8_t> data, std::uint64_t first_offset);
    // The inverse, for self-checks and tests.
    void decrypt(std::span<std::uint8_t> data, std::uint64_t first_offset);

private:
    void run(std::span<std::uint8_t> data, std::uint64_t first_offset, bool encrypt);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace bdegen
