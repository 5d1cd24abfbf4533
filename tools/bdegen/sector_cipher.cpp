#include "sector_cipher.hpp"

#include <openssl/evp.h>

#include <cstring>
#include <stdexcept>

namespace bdegen {

std::optional<Method> parse_method(std::string_view name) {
    if (name == "aes-cbc-128") return Method::aes_cbc_128;
    if (name == "aes-cbc-256") return Method::aes_cbc_256;
    if (name == "aes-xts-128") return Method::aes_xts_128;
    if (name == "aes-xts-256") return Method::aes_xts_256;
    return std::nullopt;
}

const char* method_name(Method m) {
    switch (m) {
        case Method::aes_cbc_128: return "aes-cbc-128";
        case Method::aes_cbc_256: return "aes-cbc-256";
        case Method::aes_xts_128: return "aes-xts-128";
        case Method::aes_xts_256: return "aes-xts-256";
    }
    return "unknown";
}

std::size_t fvek_size(Method m) {
    switch (m) {
        case Method::aes_cbc_128: return 16;
        case Method::aes_cbc_256: return 32;
        case Method::aes_xts_128: return 32;
        case Method::aes_xts_256: return 64;
    }
    return 0;
}

struct SectorCipher::Impl {
    Method method;
    std::uint32_t sector_size;
    EVP_CIPHER_CTX* enc = nullptr;  // XTS or CBC, keyed once, IV set per sector
    EVP_CIPHER_CTX* dec = nullptr;
    EVP_CIPHER_CTX* ecb = nullptr;  // CBC only: derives each sector's IV
    ~Impl() {
        EVP_CIPHER_CTX_free(enc);
        EVP_CIPHER_CTX_free(dec);
        EVP_CIPHER_CTX_free(ecb);
    }
};

namespace {

void check(int ok, const char* what) {
    if (ok != 1) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

EVP_CIPHER_CTX* keyed(const EVP_CIPHER* cipher, const bde::SecureBuffer& key, int encrypt) {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    if (!ctx) throw std::bad_alloc();
    check(EVP_CipherInit_ex(ctx, cipher, nullptr, key.data(), nullptr, encrypt), "cipher init");
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    return ctx;
}

}  // namespace

SectorCipher::SectorCipher(Method method, const bde::SecureBuffer& fvek, std::uint32_t sector_size)
    : impl_(std::make_unique<Impl>()) {
    if (fvek.size() != fvek_size(method)) throw std::invalid_argument("FVEK has the wrong size for the method");
    impl_->method = method;
    impl_->sector_size = sector_size;
    const EVP_CIPHER* cipher = nullptr;
    switch (method) {
        case Method::aes_cbc_128: cipher = EVP_aes_128_cbc(); break;
        case Method::aes_cbc_256: cipher = EVP_aes_256_cbc(); break;
        case Method::aes_xts_128: cipher = EVP_aes_128_xts(); break;
        case Method::aes_xts_256: cipher = EVP_aes_256_xts(); break;
    }
    impl_->enc = keyed(cipher, fvek, 1);
    impl_->dec = keyed(cipher, fvek, 0);
    if (method == Method::aes_cbc_128 || method == Method::aes_cbc_256)
        impl_->ecb = keyed(method == Method::aes_cbc_128 ? EVP_aes_128_ecb() : EVP_aes_256_ecb(), fvek, 1);
}

SectorCipher::~SectorCipher() = default;

void SectorCipher::encrypt(std::span<std::uint8_t> data, std::uint64_t first_offset) { run(data, first_offset, true); }
void SectorCipher::decrypt(std::span<std::uint8_t> data, std::uint64_t first_offset) { run(data, first_offset, false); }

void SectorCipher::run(std::span<std::uint8_t> data, std::uint64_t first_offset, bool encrypt) {
    const std::uint32_t ss = impl_->sector_size;
    if (data.size() % ss != 0 || first_offset % ss != 0)
        throw std::invalid_argument("sector encryption needs whole, aligned sectors");
    const bool cbc = impl_->ecb != nullptr;
    EVP_CIPHER_CTX* ctx = encrypt ? impl_->enc : impl_->dec;
    for (std::size_t at = 0; at < data.size(); at += ss) {
        std::uint64_t offset = first_offset + at;
        std::uint64_t number = cbc ? offset : offset / ss;
        std::uint8_t iv[16] = {};
        for (int i = 0; i < 8; ++i) iv[i] = static_cast<std::uint8_t>(number >> (8 * i));
        if (cbc) {
            int n = 0;
            check(EVP_EncryptUpdate(impl_->ecb, iv, &n, iv, 16), "ECB");
        }
        int n = 0;
        check(EVP_CipherInit_ex(ctx, nullptr, nullptr, nullptr, iv, encrypt), "sector IV");
        check(EVP_CipherUpdate(ctx, data.data() + at, &n, data.data() + at, static_cast<int>(ss)), "sector");
    }
}

}  // namespace bdegen
