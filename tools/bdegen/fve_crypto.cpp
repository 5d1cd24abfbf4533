#include "fve_crypto.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace bdegen {
namespace {

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

void check(int ok, const char* what) {
    if (ok != 1) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

CipherCtx ccm_context(const bde::SecureBuffer& key, const Nonce& nonce, bool encrypt, const std::uint8_t* tag) {
    if (key.size() != 32) throw std::invalid_argument("AES-CCM key must be 32 bytes");
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx) throw std::bad_alloc();
    check(EVP_CipherInit_ex(ctx.get(), EVP_aes_256_ccm(), nullptr, nullptr, nullptr, encrypt), "CCM init");
    check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(nonce.size()), nullptr), "CCM ivlen");
    check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, 16, const_cast<std::uint8_t*>(tag)), "CCM tag");
    check(EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data(), encrypt), "CCM key");
    return ctx;
}

}  // namespace

CcmSealed aes_ccm_seal(const bde::SecureBuffer& key, const Nonce& nonce, std::span<const std::uint8_t> plaintext) {
    CipherCtx ctx = ccm_context(key, nonce, true, nullptr);
    CcmSealed out;
    out.ciphertext.resize(plaintext.size());
    int len = 0;
    // CCM needs the total length first.
    check(EVP_EncryptUpdate(ctx.get(), nullptr, &len, nullptr, static_cast<int>(plaintext.size())), "CCM length");
    check(EVP_EncryptUpdate(ctx.get(), out.ciphertext.data(), &len, plaintext.data(), static_cast<int>(plaintext.size())),
          "CCM encrypt");
    check(EVP_EncryptFinal_ex(ctx.get(), out.ciphertext.data() + len, &len), "CCM final");
    check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, 16, out.mac.data()), "CCM get tag");
    return out;
}

std::optional<bde::SecureBuffer> aes_ccm_open(const bde::SecureBuffer& key, const Nonce& nonce,
                                              std::span<const std::uint8_t, 16> mac,
                                              std::span<const std::uint8_t> ciphertext) {
    CipherCtx ctx = ccm_context(key, nonce, false, mac.data());
    bde::SecureBuffer plain(ciphertext.size());
    int len = 0;
    check(EVP_DecryptUpdate(ctx.get(), nullptr, &len, nullptr, static_cast<int>(ciphertext.size())), "CCM length");
    // For CCM the MAC is verified by this single update call.
    if (EVP_DecryptUpdate(ctx.get(), plain.data(), &len, ciphertext.data(), static_cast<int>(ciphertext.size())) != 1)
        return std::nullopt;
    return plain;
}

std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data) {
    std::array<std::uint8_t, 32> out{};
    unsigned int len = 0;
    check(EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr), "SHA-256");
    return out;
}

bde::SecureBuffer stretch_key(std::span<const std::uint8_t, 32> initial, std::span<const std::uint8_t, 16> salt) {
    // {last_sha256[32], initial_sha256[32], salt[16], count u64}: only `last` and `count` change per round.
    bde::SecureBuffer block(88);
    std::copy(initial.begin(), initial.end(), block.data() + 32);
    std::copy(salt.begin(), salt.end(), block.data() + 64);
    // Copying a context initialised once is about 3x faster than initialising one per round.
    std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(EVP_MD_fetch(nullptr, "SHA256", nullptr), &EVP_MD_free);
    MdCtx initial_ctx(EVP_MD_CTX_new()), ctx(EVP_MD_CTX_new());
    if (!md || !initial_ctx || !ctx) throw std::bad_alloc();
    check(EVP_DigestInit_ex(initial_ctx.get(), md.get(), nullptr), "SHA-256 init");
    for (std::uint64_t count = 0; count < (1u << 20); ++count) {
        for (int i = 0; i < 8; ++i) block[80 + i] = static_cast<std::uint8_t>(count >> (8 * i));
        unsigned int len = 0;
        check(EVP_MD_CTX_copy_ex(ctx.get(), initial_ctx.get()), "SHA-256 copy");
        check(EVP_DigestUpdate(ctx.get(), block.data(), block.size()), "SHA-256 update");
        check(EVP_DigestFinal_ex(ctx.get(), block.data(), &len), "SHA-256 final");
    }
    return bde::SecureBuffer(block.data(), 32);
}

bde::Result<bde::SecureBuffer> password_stretch_input(std::string_view utf8_password) {
    auto utf16 = utf16le(utf8_password);
    if (!utf16) return std::unexpected(utf16.error());
    auto once = sha256(*utf16);
    auto twice = sha256(once);
    bde::secure_wipe(utf16->data(), utf16->size());
    bde::secure_wipe(once.data(), once.size());
    bde::SecureBuffer out(twice.data(), twice.size());
    bde::secure_wipe(twice.data(), twice.size());
    return out;
}

bde::SecureBuffer recovery_stretch_input(const bde::RecoveryPassword& password) {
    auto digest = sha256(password.key().span());
    bde::SecureBuffer out(digest.data(), digest.size());
    bde::secure_wipe(digest.data(), digest.size());
    return out;
}

bde::Result<std::vector<std::uint8_t>> utf16le(std::string_view s) {
    std::vector<std::uint8_t> out;
    auto put = [&](std::uint32_t unit) {
        out.push_back(static_cast<std::uint8_t>(unit & 0xFF));
        out.push_back(static_cast<std::uint8_t>(unit >> 8));
    };
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        int len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > s.size())
            return bde::fail(bde::Errc::usage, "The password is not valid UTF-8 text.");
        std::uint32_t cp = len == 1 ? b : b & (0x7F >> len);
        for (int k = 1; k < len; ++k) {
            auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) return bde::fail(bde::Errc::usage, "The password is not valid UTF-8 text.");
            cp = cp << 6 | (c & 0x3F);
        }
        i += len;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put(0xD800 | (cp >> 10));
            put(0xDC00 | (cp & 0x3FF));
        } else {
            put(cp);
        }
    }
    return out;
}

}  // namespace bdegen
