// TEMPORARY: placeholders so every branch links while the volume layer is written on its own branch.
// The volume-layer work deletes this file as it provides the real functions.
#include "bde/decrypted_volume.hpp"
#include "bde/unlock.hpp"

namespace bde {

Result<std::unique_ptr<BlockSource>> open_decrypted_volume(std::shared_ptr<const BlockSource>, const VolumeInfo&,
                                                           const VolumeKeys&) {
    return fail(Errc::unsupported, "Decryption is not available in this build yet.");
}

}  // namespace bde
