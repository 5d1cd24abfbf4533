#pragma once
// Incremental SHA-256 (OpenSSL EVP) for verifying copies and images; hex output for manifests.
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace bde {

class Sha256 {
public:
    Sha256();
    void update(std::span<const std::uint8_t> data);
    std::array<std::uint8_t, 32> finish();  // the object can be reused after finish()
    std::string finish_hex();
    static std::string to_hex(std::span<const std::uint8_t> bytes);

private:
    struct Free {
        void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
    };
    std::unique_ptr<EVP_MD_CTX, Free> ctx_;
};

}  // namespace bde
