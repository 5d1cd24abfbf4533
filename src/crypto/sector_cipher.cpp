#include "crypto/sector_cipher.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstring>

#include "crypto/elephant_diffuser.hpp"

namespace bde::crypto {
namespace {

std::unexpected<Error> openssl_failed(const char* what) {
    return fail(Errc::internal, "The decryption library (OpenSSL) reported an error.", what);
}

const EVP_CIPHER* data_cipher(SectorMode mode, std::size_t key_size) {
    if (mode == SectorMode::xts) return key_size == 32 ? EVP_aes_128_xts() : key_size == 64 ? EVP_aes_256_xts() : nullptr;
    return key_size == 16 ? EVP_aes_128_cbc() : key_size == 32 ? EVP_aes_256_cbc() : nullptr;
}

const EVP_CIPHER* ecb_cipher(std::size_t key_size) {
    return key_size == 16 ? EVP_aes_128_ecb() : key_size == 32 ? EVP_aes_256_ecb() : nullptr;
}

Result<CipherCtx> make_ctx(const EVP_CIPHER* cipher, std::span<const std::uint8_t> key, bool encrypt) {
    CipherCtx ctx = new_cipher_ctx();
    if (!ctx || EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.data(), nullptr, encrypt ? 1 : 0) != 1)
        return openssl_failed("cipher init");
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    return ctx;
}

// e(s): the byte offset as a 16-byte little-endian block.
void put_offset_block(std::uint8_t* block, std::uint64_t offset) {
    std::memset(block, 0, 16);
    for (int i = 0; i < 8; ++i) block[i] = static_cast<std::uint8_t>(offset >> (8 * i));
}

// XORs n bytes of b into a (n a multiple of 16).
void xor_into(std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
    for (std::size_t i = 0; i < n; i += 8) {
        std::uint64_t x, y;
        std::memcpy(&x, a + i, 8);
        std::memcpy(&y, b + i, 8);
        x ^= y;
        std::memcpy(a + i, &x, 8);
    }
}

// Sectors per batch of the fast decryption path: 64 KiB, so the batch stays in the cache between passes.
constexpr std::size_t kBatchBytes = 64 * 1024;

}  // namespace

Result<SectorCipher> SectorCipher::create(SectorMode mode, std::span<const std::uint8_t> key,
                                          std::span<const std::uint8_t> tweak_key, std::uint32_t sector_size) {
    if (sector_size < 512 || sector_size > 65536 || (sector_size & (sector_size - 1)) != 0)
        return fail(Errc::unsupported, fmt::format("Sector size {} is not supported.", sector_size));
    const EVP_CIPHER* cipher = data_cipher(mode, key.size());
    if (!cipher) return fail(Errc::internal, fmt::format("Wrong key size {} for this encryption method.", key.size()));
    // OpenSSL refuses to encrypt with such a key (IEEE 1619); Windows never makes one. Saying so here keeps a
    // typed raw key like 64 'a's a wrong key rather than a library error.
    if (mode == SectorMode::xts &&
        std::memcmp(key.data(), key.data() + key.size() / 2, key.size() / 2) == 0)
        return fail(Errc::wrong_key, "This key cannot open the volume: its two halves are equal, which no BitLocker XTS key has.");
    SectorCipher c;
    c.mode_ = mode;
    c.sector_size_ = sector_size;
    auto enc = make_ctx(cipher, key, true);
    if (!enc) return std::unexpected(enc.error());
    c.data_enc_ = std::move(*enc);
    if (mode != SectorMode::xts) {
        auto iv = make_ctx(ecb_cipher(key.size()), key, true);
        if (!iv) return std::unexpected(iv.error());
        c.iv_ = std::move(*iv);
    }
    // EVP sets a cipher up again for every sector's IV or tweak, which costs more than decrypting a 512-byte
    // sector; decrypt() therefore does CBC and XTS by hand around a single AES-ECB call per batch.
    const std::size_t half = mode == SectorMode::xts ? key.size() / 2 : key.size();
    auto ecb = make_ctx(ecb_cipher(half), key.first(half), false);
    if (!ecb) return std::unexpected(ecb.error());
    c.ecb_dec_ = std::move(*ecb);
    if (mode == SectorMode::xts) {
        auto t = make_ctx(ecb_cipher(half), key.subspan(half), true);
        if (!t) return std::unexpected(t.error());
        c.xts_tweak_ = std::move(*t);
    }
    if (mode == SectorMode::cbc_elephant) {
        const EVP_CIPHER* tweak_cipher = ecb_cipher(tweak_key.size());
        if (!tweak_cipher) return fail(Errc::internal, "Wrong tweak key size for the Elephant diffuser.");
        auto tweak = make_ctx(tweak_cipher, tweak_key, true);
        if (!tweak) return std::unexpected(tweak.error());
        c.tweak_ = std::move(*tweak);
    }
    return c;
}

// One 16-byte IV per sector: AES-ECB(FVEK, e(offset)), all sectors of the run in one call.
Result<void> SectorCipher::make_ivs(std::size_t count, std::uint64_t first_offset) {
    scratch_.resize(count * 16);
    for (std::size_t i = 0; i < count; ++i) put_offset_block(scratch_.data() + 16 * i, first_offset + i * sector_size_);
    int len = 0;
    if (EVP_EncryptUpdate(iv_.get(), scratch_.data(), &len, scratch_.data(), static_cast<int>(count * 16)) != 1)
        return openssl_failed("IV generation");
    return {};
}

// Per sector 32 bytes: AES-ECB(tweak, e(s)) || AES-ECB(tweak, e(s) with byte 15 = 0x80), after the IVs.
Result<void> SectorCipher::make_sector_keys(std::size_t count, std::uint64_t first_offset) {
    std::size_t base = count * 16;
    scratch_.resize(base + count * 32);
    std::uint8_t* keys = scratch_.data() + base;
    for (std::size_t i = 0; i < count; ++i) {
        put_offset_block(keys + 32 * i, first_offset + i * sector_size_);
        put_offset_block(keys + 32 * i + 16, first_offset + i * sector_size_);
        keys[32 * i + 31] = 0x80;
    }
    int len = 0;
    if (EVP_EncryptUpdate(tweak_.get(), keys, &len, keys, static_cast<int>(count * 32)) != 1)
        return openssl_failed("sector key generation");
    return {};
}

// Encryption (tests and test-volume writers only): one EVP set-up per sector is fast enough there.
Result<void> SectorCipher::encrypt(std::span<std::uint8_t> sectors, std::uint64_t first_offset) {
    if (sectors.size() % sector_size_ != 0) return fail(Errc::internal, "Partial sector handed to the cipher.");
    const std::size_t count = sectors.size() / sector_size_;
    if (count == 0) return {};
    if (mode_ != SectorMode::xts) {
        if (auto r = make_ivs(count, first_offset); !r) return r;
        if (mode_ == SectorMode::cbc_elephant)
            if (auto r = make_sector_keys(count, first_offset); !r) return r;
    }
    std::uint8_t tweak[16];
    int len = 0;
    for (std::size_t i = 0; i < count; ++i) {
        std::span<std::uint8_t> s = sectors.subspan(i * sector_size_, sector_size_);
        const std::uint8_t* iv;
        if (mode_ == SectorMode::xts) {
            put_offset_block(tweak, (first_offset / sector_size_) + i);
            iv = tweak;
        } else {
            iv = scratch_.data() + 16 * i;
        }
        if (mode_ == SectorMode::cbc_elephant) {
            const std::uint8_t* sector_key = scratch_.data() + count * 16 + 32 * i;
            for (std::size_t k = 0; k < s.size(); ++k) s[k] ^= sector_key[k % 32];
            diffuser_a_encrypt(s);
            diffuser_b_encrypt(s);
        }
        if (EVP_EncryptInit_ex(data_enc_.get(), nullptr, nullptr, nullptr, iv) != 1 ||
            EVP_EncryptUpdate(data_enc_.get(), s.data(), &len, s.data(), static_cast<int>(s.size())) != 1)
            return openssl_failed("sector encryption");
    }
    return {};
}

Result<void> SectorCipher::decrypt(std::span<std::uint8_t> sectors, std::uint64_t first_offset) {
    if (sectors.size() % sector_size_ != 0) return fail(Errc::internal, "Partial sector handed to the cipher.");
    const std::size_t batch = std::max<std::size_t>(kBatchBytes / sector_size_, 1) * sector_size_;
    for (std::size_t at = 0; at < sectors.size(); at += batch) {
        std::span<std::uint8_t> part = sectors.subspan(at, std::min(batch, sectors.size() - at));
        if (auto r = decrypt_batch(part, first_offset + at); !r) return r;
    }
    return {};
}

Result<void> SectorCipher::decrypt_batch(std::span<std::uint8_t> sectors, std::uint64_t first_offset) {
    if (mode_ == SectorMode::xts) return decrypt_xts_by_ecb(sectors, first_offset);
    if (auto r = decrypt_cbc_by_ecb(sectors, first_offset); !r) return r;
    if (mode_ != SectorMode::cbc_elephant) return {};
    const std::size_t count = sectors.size() / sector_size_;
    if (auto r = make_sector_keys(count, first_offset); !r) return r;  // after the IVs in scratch_
    for (std::size_t i = 0; i < count; ++i) {
        std::span<std::uint8_t> s = sectors.subspan(i * sector_size_, sector_size_);
        const std::uint8_t* sector_key = scratch_.data() + count * 16 + 32 * i;
        diffuser_b_decrypt(s);
        diffuser_a_decrypt(s);
        for (std::size_t k = 0; k < s.size(); k += 32) xor_into(s.data() + k, sector_key, 32);
    }
    return {};
}

// CBC: P[j] = AES-dec(C[j]) xor C[j-1], with the sector's IV for j = 0.
Result<void> SectorCipher::decrypt_cbc_by_ecb(std::span<std::uint8_t> sectors, std::uint64_t first_offset) {
    const std::size_t count = sectors.size() / sector_size_;
    if (auto r = make_ivs(count, first_offset); !r) return r;
    ciphertext_.assign(sectors.begin(), sectors.end());
    int len = 0;
    if (EVP_DecryptUpdate(ecb_dec_.get(), sectors.data(), &len, sectors.data(), static_cast<int>(sectors.size())) != 1)
        return openssl_failed("sector decryption");
    for (std::size_t i = 0; i < count; ++i) {
        std::uint8_t* s = sectors.data() + i * sector_size_;
        xor_into(s, scratch_.data() + 16 * i, 16);
        xor_into(s + 16, ciphertext_.data() + i * sector_size_, sector_size_ - 16);
    }
    return {};
}

// XTS (whole blocks only: sectors are multiples of 16): T[0] = AES-enc(K2, sector number), T[j] = T[j-1] * x
// in GF(2^128); P[j] = AES-dec(K1, C[j] xor T[j]) xor T[j].
Result<void> SectorCipher::decrypt_xts_by_ecb(std::span<std::uint8_t> sectors, std::uint64_t first_offset) {
    static_assert(std::endian::native == std::endian::little, "the tweak arithmetic below assumes little endian");
    const std::size_t count = sectors.size() / sector_size_;
    scratch_.resize(count * 16);
    for (std::size_t i = 0; i < count; ++i) put_offset_block(scratch_.data() + 16 * i, first_offset / sector_size_ + i);
    int len = 0;
    if (EVP_EncryptUpdate(xts_tweak_.get(), scratch_.data(), &len, scratch_.data(), static_cast<int>(count * 16)) != 1)
        return openssl_failed("tweak generation");
    tweaks_.resize(sectors.size());
    std::uint8_t* t = tweaks_.data();
    for (std::size_t i = 0; i < count; ++i) {
        std::uint64_t lo, hi;
        std::memcpy(&lo, scratch_.data() + 16 * i, 8);
        std::memcpy(&hi, scratch_.data() + 16 * i + 8, 8);
        for (std::size_t j = 0; j < sector_size_ / 16; ++j, t += 16) {
            std::memcpy(t, &lo, 8);
            std::memcpy(t + 8, &hi, 8);
            const std::uint64_t carry = hi >> 63;
            hi = (hi << 1) | (lo >> 63);
            lo = (lo << 1) ^ (carry * 0x87);
        }
    }
    xor_into(sectors.data(), tweaks_.data(), sectors.size());
    if (EVP_DecryptUpdate(ecb_dec_.get(), sectors.data(), &len, sectors.data(), static_cast<int>(sectors.size())) != 1)
        return openssl_failed("sector decryption");
    xor_into(sectors.data(), tweaks_.data(), sectors.size());
    return {};
}

}  // namespace bde::crypto
