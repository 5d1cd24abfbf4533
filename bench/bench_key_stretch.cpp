// Measures BitLocker key stretching (2^20 SHA-256 rounds over 88 bytes): the project's implementation
// (low-level SHA256_* with one context) against EVP with a reused EVP_MD_CTX. Goal: about 0.1 s.
#include <openssl/evp.h>

#include <chrono>
#include <cstdio>
#include <cstring>

#include "crypto/evp_owners.hpp"
#include "crypto/key_stretch.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void stretch_with_evp(std::uint8_t out[32], const std::uint8_t initial[32], const std::uint8_t salt[16]) {
    std::uint8_t block[88] = {};
    std::memcpy(block + 32, initial, 32);
    std::memcpy(block + 64, salt, 16);
    auto ctx = bde::crypto::new_md_ctx();
    const EVP_MD* md = EVP_sha256();
    unsigned len = 0;
    for (std::uint64_t count = 0; count < bde::crypto::kStretchRounds; ++count) {
        for (int i = 0; i < 8; ++i) block[80 + i] = static_cast<std::uint8_t>(count >> (8 * i));
        EVP_DigestInit_ex(ctx.get(), md, nullptr);
        EVP_DigestUpdate(ctx.get(), block, sizeof block);
        EVP_DigestFinal_ex(ctx.get(), block, &len);
    }
    std::memcpy(out, block, 32);
}

}  // namespace

int main() {
    std::uint8_t initial[32], salt[16];
    for (int i = 0; i < 32; ++i) initial[i] = static_cast<std::uint8_t>(i * 7);
    for (int i = 0; i < 16; ++i) salt[i] = static_cast<std::uint8_t>(i * 13);
    for (int rep = 0; rep < 3; ++rep) {
        auto t0 = std::chrono::steady_clock::now();
        auto a = bde::crypto::stretch_key(std::span<const std::uint8_t, 32>(initial, 32), std::span<const std::uint8_t, 16>(salt, 16));
        double low = seconds_since(t0);
        std::uint8_t b[32];
        t0 = std::chrono::steady_clock::now();
        stretch_with_evp(b, initial, salt);
        double evp = seconds_since(t0);
        std::printf("key stretch: SHA256_* %.3f s, EVP reused ctx %.3f s, same result: %s\n", low, evp,
                    std::memcmp(a.data(), b, 32) == 0 ? "yes" : "NO");
    }
    return 0;
}
