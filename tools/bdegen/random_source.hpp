#pragma once
// Where every key, salt, GUID and nonce of a generated volume comes from: the system RNG, or a
// deterministic stream derived from --seed so that tests get byte-identical volumes on every run.
#include <cstdint>
#include <optional>
#include <span>

#include "keys/key_id.hpp"
#include "util/secure_buffer.hpp"

namespace bdegen {

class RandomSource {
public:
    // nullopt: OpenSSL RAND_bytes. A seed: SHA-256 in counter mode over the seed (not secret, by design).
    explicit RandomSource(std::optional<std::uint64_t> seed);

    void fill(std::span<std::uint8_t> out);
    bde::SecureBuffer bytes(std::size_t n);
    // A random (version 4) GUID, as Windows makes for volumes and protectors.
    bde::KeyId guid();
    bool deterministic() const { return seed_.has_value(); }

private:
    std::optional<std::uint64_t> seed_;
    std::uint64_t counter_ = 0;
    std::uint8_t block_[32] = {};
    std::size_t used_ = sizeof block_;
};

}  // namespace bdegen
