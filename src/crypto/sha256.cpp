#include "crypto/sha256.hpp"

#include <openssl/evp.h>

namespace bde::crypto {

Sha256Digest sha256(std::span<const std::uint8_t> data) {
    Sha256Digest out{};
    EVP_Digest(data.data(), data.size(), out.data(), nullptr, EVP_sha256(), nullptr);
    return out;
}

}  // namespace bde::crypto
