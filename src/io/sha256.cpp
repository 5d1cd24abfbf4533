#include "io/sha256.hpp"

#include <stdexcept>

namespace bde {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL SHA-256 is not available");
}

void Sha256::update(std::span<const std::uint8_t> data) {
    if (!data.empty()) EVP_DigestUpdate(ctx_.get(), data.data(), data.size());
}

std::array<std::uint8_t, 32> Sha256::finish() {
    std::array<std::uint8_t, 32> md{};
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_.get(), md.data(), &len);
    EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr);
    return md;
}

std::string Sha256::finish_hex() {
    auto md = finish();
    return to_hex(md);
}

std::string Sha256::to_hex(std::span<const std::uint8_t> bytes) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    s.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        s.push_back(digits[b >> 4]);
        s.push_back(digits[b & 15]);
    }
    return s;
}

}  // namespace bde
