#include "crypto/key_stretch.hpp"

// The low-level SHA256_* API is deprecated in OpenSSL 3 but is the fastest way to hash a million
// tiny blocks: EVP's per-call dispatch costs more than the hashing itself (bench/bench_key_stretch).
// Each round is exactly two 64-byte compression blocks, so we pad once and call the block function.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <cstring>

namespace bde::crypto {
namespace {

// SHA-256 initial hash values (FIPS 180-4).
constexpr std::uint32_t kInitialHash[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                           0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

}  // namespace

SecureBuffer stretch_key(std::span<const std::uint8_t, 32> initial, std::span<const std::uint8_t, 16> salt,
                         std::uint64_t rounds) {
    // Message {last[32], initial[32], salt[16], count[8]} = 88 bytes, padded to 128:
    // 0x80, zeros, then the bit length 704 as a big-endian u64.
    std::uint8_t msg[128] = {};
    std::memcpy(msg + 32, initial.data(), 32);
    std::memcpy(msg + 64, salt.data(), 16);
    msg[88] = 0x80;
    msg[126] = 0x02;  // 704 = 0x02C0
    msg[127] = 0xC0;
    SHA256_CTX ctx;
    for (std::uint64_t count = 0; count < rounds; ++count) {
        for (int i = 0; i < 8; ++i) msg[80 + i] = static_cast<std::uint8_t>(count >> (8 * i));
        std::memcpy(ctx.h, kInitialHash, sizeof kInitialHash);
        SHA256_Transform(&ctx, msg);
        SHA256_Transform(&ctx, msg + 64);
        for (int w = 0; w < 8; ++w)
            for (int b = 0; b < 4; ++b) msg[4 * w + b] = static_cast<std::uint8_t>(ctx.h[w] >> (24 - 8 * b));
    }
    SecureBuffer out(msg, 32);
    secure_wipe(msg, sizeof msg);
    secure_wipe(&ctx, sizeof ctx);
    return out;
}

}  // namespace bde::crypto
