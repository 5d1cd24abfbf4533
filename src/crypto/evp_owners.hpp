#pragma once
// One owner per OpenSSL handle, so every early return frees it.
#include <openssl/evp.h>

#include <memory>

namespace bde::crypto {

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

inline CipherCtx new_cipher_ctx() { return CipherCtx(EVP_CIPHER_CTX_new()); }
inline MdCtx new_md_ctx() { return MdCtx(EVP_MD_CTX_new()); }

}  // namespace bde::crypto
