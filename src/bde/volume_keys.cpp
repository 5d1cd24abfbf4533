#include "bde/volume_keys.hpp"

#include <fmt/format.h>

namespace bde {

std::size_t fvek_size(EncryptionMethod m) {
    switch (m) {
        case EncryptionMethod::aes_cbc_128: return 16;
        case EncryptionMethod::aes_cbc_256: return 32;
        case EncryptionMethod::aes_xts_128: return 32;
        case EncryptionMethod::aes_xts_256: return 64;
        case EncryptionMethod::aes_cbc_128_diffuser: return 32;  // 16 FVEK + 16 tweak
        case EncryptionMethod::aes_cbc_256_diffuser: return 64;  // 32 FVEK + 32 tweak
        case EncryptionMethod::unknown: break;
    }
    return 0;
}

namespace {

bool is_diffuser(EncryptionMethod m) {
    return m == EncryptionMethod::aes_cbc_128_diffuser || m == EncryptionMethod::aes_cbc_256_diffuser;
}

// Elephant keys as stored: FVEK in the first 32 bytes, tweak key in the next 32, each using only the
// first half for 128-bit.
VolumeKeys split_diffuser(EncryptionMethod m, std::span<const std::uint8_t> key64) {
    std::size_t half = m == EncryptionMethod::aes_cbc_128_diffuser ? 16 : 32;
    VolumeKeys k;
    k.method = m;
    k.fvek = SecureBuffer(key64.first(half));
    k.tweak = SecureBuffer(key64.subspan(32, half));
    return k;
}

}  // namespace

Result<VolumeKeys> keys_from_fvek_container(EncryptionMethod method, std::span<const std::uint8_t> key) {
    if (method == EncryptionMethod::unknown)
        return fail(Errc::unsupported, "This volume uses an encryption method this program does not know.");
    std::size_t need = is_diffuser(method) ? 64 : fvek_size(method);
    if (key.size() < need)
        return fail(Errc::corrupt, "The volume's encryption key record is damaged (too short).",
                    fmt::format("{} bytes, need {}", key.size(), need));
    if (is_diffuser(method)) return split_diffuser(method, key);
    VolumeKeys k;
    k.method = method;
    k.fvek = SecureBuffer(key.first(need));
    return k;
}

Result<VolumeKeys> keys_from_raw_fvek(EncryptionMethod method, std::span<const std::uint8_t> raw) {
    std::size_t need = fvek_size(method);
    if (need == 0) return fail(Errc::unsupported, "This volume uses an encryption method this program does not know.");
    if (is_diffuser(method) && raw.size() == 64) return split_diffuser(method, raw);
    if (raw.size() != need)
        return fail(Errc::malformed_key,
                    fmt::format("This FVEK has {} bytes ({} hex digits), but a {} volume needs {} bytes ({} hex digits){}.",
                                raw.size(), raw.size() * 2, method_name(method), need, need * 2,
                                is_diffuser(method) ? ": the FVEK followed by the tweak key" : ""));
    VolumeKeys k;
    k.method = method;
    if (is_diffuser(method)) {
        k.fvek = SecureBuffer(raw.first(need / 2));
        k.tweak = SecureBuffer(raw.subspan(need / 2));
    } else {
        k.fvek = SecureBuffer(raw);
    }
    return k;
}

}  // namespace bde
