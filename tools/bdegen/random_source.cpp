#include "random_source.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace bdegen {

RandomSource::RandomSource(std::optional<std::uint64_t> seed) : seed_(seed) {}

void RandomSource::fill(std::span<std::uint8_t> out) {
    if (!seed_) {
        if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1)
            throw std::runtime_error("the system random number generator failed");
        return;
    }
    std::size_t done = 0;
    while (done < out.size()) {
        if (used_ == sizeof block_) {
            // block = SHA-256("bdegen" || seed || counter), little-endian integers.
            std::uint8_t input[6 + 16];
            std::copy_n("bdegen", 6, input);
            for (int i = 0; i < 8; ++i) {
                input[6 + i] = static_cast<std::uint8_t>(*seed_ >> (8 * i));
                input[14 + i] = static_cast<std::uint8_t>(counter_ >> (8 * i));
            }
            ++counter_;
            unsigned int len = 0;
            if (EVP_Digest(input, sizeof input, block_, &len, EVP_sha256(), nullptr) != 1)
                throw std::runtime_error("SHA-256 failed");
            used_ = 0;
        }
        std::size_t n = std::min(out.size() - done, sizeof block_ - used_);
        std::copy_n(block_ + used_, n, out.data() + done);
        used_ += n;
        done += n;
    }
}

bde::SecureBuffer RandomSource::bytes(std::size_t n) {
    bde::SecureBuffer b(n);
    fill(b.span());
    return b;
}

bde::KeyId RandomSource::guid() {
    std::uint8_t b[16];
    fill(b);
    // The disk layout stores Data3 little-endian at bytes 6-7: its high nibble (byte 7) carries the
    // version; byte 8 carries the RFC 4122 variant.
    b[7] = static_cast<std::uint8_t>((b[7] & 0x0F) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
    return bde::KeyId::from_disk_bytes(b);
}

}  // namespace bdegen
