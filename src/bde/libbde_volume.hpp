#pragma once
// libbde as a second engine and as a checker: an owner of one libbde volume opened read-only, readable
// as a BlockSource. Works with libbde 20190102 (Debian 12) and 20240502 (Debian 13): the API differs
// only in unlock and in the key sizes set_keys accepts (see libbde_volume.cpp).
// libbde 20190102 cannot open AES-XTS-256, clear-key, paused or encrypt-on-write volumes, a second
// recovery protector, or a volume with a damaged 2nd/3rd metadata copy: callers fall back to our reader.
#include <memory>
#include <string>

#include "bde/credential.hpp"
#include "bde/unlock.hpp"
#include "bde/volume_location.hpp"
#include "io/block_source.hpp"

namespace bde {

class LibbdeVolume final : public BlockSource {
public:
    ~LibbdeVolume() override;

    // libbde's own key handling: recovery password (the 48 digits, already validated) or password.
    // Errc::unsupported for credential kinds we do not hand to libbde (startup key, clear key, FVEK).
    static Result<std::unique_ptr<LibbdeVolume>> open_with_credential(const VolumeLocation& where,
                                                                      const Credential& credential);
    // Keys from our key layer (FVEK and tweak key).
    static Result<std::unique_ptr<LibbdeVolume>> open_with_keys(const VolumeLocation& where, const VolumeKeys& keys);

    std::uint64_t size() const override { return size_; }
    Result<std::size_t> read_at(std::uint64_t offset, std::span<std::uint8_t> out) const override;
    std::string name() const override { return where_.display() + " (libbde)"; }

    static const char* version();  // "20190102"
    // Whether this libbde can open a partition inside an image (Debian 12's can, through libbfio).
    static bool supports_file_ranges();

    struct Handles;  // libbde and libbfio handles (defined in the .cpp, which includes libbde.h)

private:
    LibbdeVolume() = default;
    // Opens with the credentials or keys already set on the handles.
    static Result<std::unique_ptr<LibbdeVolume>> finish_open(std::unique_ptr<Handles> h, const VolumeLocation& where);
    std::unique_ptr<Handles> h_;
    VolumeLocation where_;
    std::uint64_t size_ = 0;
};

}  // namespace bde
