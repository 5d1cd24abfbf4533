#include "crypto/aes_ccm.hpp"

#include <vector>

#include "crypto/evp_owners.hpp"

namespace bde::crypto {
namespace {

const EVP_CIPHER* ccm_for(std::size_t key_size) {
    switch (key_size) {
        case 16: return EVP_aes_128_ccm();
        case 24: return EVP_aes_192_ccm();
        case 32: return EVP_aes_256_ccm();
        default: return nullptr;
    }
}

}  // namespace

std::optional<SecureBuffer> aes_ccm_decrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t, 12> nonce,
                                            std::span<const std::uint8_t, 16> tag,
                                            std::span<const std::uint8_t> ciphertext) {
    const EVP_CIPHER* cipher = ccm_for(key.size());
    CipherCtx ctx = new_cipher_ctx();
    if (!cipher || !ctx || ciphertext.empty()) return std::nullopt;
    SecureBuffer out(ciphertext.size());
    int len = 0;
    // CCM wants nonce length, tag and total length before the data.
    if (EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_CCM_SET_IVLEN, 12, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_CCM_SET_TAG, 16, const_cast<std::uint8_t*>(tag.data())) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, nullptr, static_cast<int>(ciphertext.size())) != 1)
        return std::nullopt;
    // For CCM the tag is checked by this single update call.
    if (EVP_DecryptUpdate(ctx.get(), out.data(), &len, ciphertext.data(), static_cast<int>(ciphertext.size())) != 1)
        return std::nullopt;
    return out;
}

std::optional<std::vector<std::uint8_t>> aes_ccm_encrypt(std::span<const std::uint8_t> key,
                                                         std::span<const std::uint8_t, 12> nonce,
                                                         std::span<const std::uint8_t> plaintext,
                                                         std::span<std::uint8_t, 16> tag_out) {
    const EVP_CIPHER* cipher = ccm_for(key.size());
    CipherCtx ctx = new_cipher_ctx();
    if (!cipher || !ctx || plaintext.empty()) return std::nullopt;
    std::vector<std::uint8_t> out(plaintext.size());
    int len = 0;
    if (EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_CCM_SET_IVLEN, 12, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_CCM_SET_TAG, 16, nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, nullptr, static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), out.data(), &len, plaintext.data(), static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_CCM_GET_TAG, 16, tag_out.data()) != 1)
        return std::nullopt;
    return out;
}

}  // namespace bde::crypto
