#pragma once
// Decrypts runs of BitLocker sectors with OpenSSL EVP. One instance holds its own contexts (keys set
// once) and is not thread-safe: the reader keeps one per thread.
//   XTS:  AES-XTS, tweak = sector number (offset / sector size) as a 16-byte little-endian value.
//   CBC:  AES-CBC, IV = AES-ECB(FVEK, byte offset as a 16-byte little-endian value).
//   CBC + Elephant: CBC as above, then diffuser B, diffuser A, XOR with the sector key
//         AES-ECB(tweak key, e(s)) || AES-ECB(tweak key, e(s) with byte 15 = 0x80).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "crypto/evp_owners.hpp"
#include "util/error.hpp"
#include "util/secure_buffer.hpp"

namespace bde::crypto {

enum class SectorMode { xts, cbc, cbc_elephant };

class SectorCipher {
public:
    // key: XTS 32/64 bytes (both halves), CBC 16/32; tweak_key: Elephant only, same size as key.
    static Result<SectorCipher> create(SectorMode mode, std::span<const std::uint8_t> key,
                                       std::span<const std::uint8_t> tweak_key, std::uint32_t sector_size);

    // Decrypts whole sectors in place. first_offset: byte offset (within the volume) at which the first
    // sector is stored on disk, which is what the IV/tweak derive from.
    Result<void> decrypt(std::span<std::uint8_t> sectors, std::uint64_t first_offset);
    // The inverse, for tests and test-volume writers.
    Result<void> encrypt(std::span<std::uint8_t> sectors, std::uint64_t first_offset);

    std::uint32_t sector_size() const { return sector_size_; }

private:
    SectorCipher() = default;
    Result<void> make_ivs(std::size_t count, std::uint64_t first_offset);
    Result<void> make_sector_keys(std::size_t count, std::uint64_t first_offset);
    Result<void> decrypt_batch(std::span<std::uint8_t> sectors, std::uint64_t first_offset);
    Result<void> decrypt_cbc_by_ecb(std::span<std::uint8_t> sectors, std::uint64_t first_offset);
    Result<void> decrypt_xts_by_ecb(std::span<std::uint8_t> sectors, std::uint64_t first_offset);

    SectorMode mode_ = SectorMode::xts;
    std::uint32_t sector_size_ = 512;
    CipherCtx data_enc_;   // XTS or CBC with the FVEK, encrypt direction (encrypt() only)
    CipherCtx iv_;         // ECB with the FVEK (CBC IVs)
    CipherCtx tweak_;      // ECB with the tweak key (Elephant sector keys)
    CipherCtx ecb_dec_;    // ECB decrypt with the data key (XTS: first half), for the one-call fast path
    CipherCtx xts_tweak_;  // XTS: ECB encrypt with the second half (the sector's first tweak)
    SecureBuffer tweaks_;  // XTS: one tweak per 16-byte block of the batch (derived key material: wiped)
    std::vector<std::uint8_t> ciphertext_;  // CBC: the batch's ciphertext, each block XORs into the next
    SecureBuffer scratch_; // offsets in, IVs / sector keys out (derived key material: wiped)
};

}  // namespace bde::crypto
