#pragma once
// The decrypted view of an unlocked BitLocker volume, as a read-only BlockSource: the relocated volume
// header is read back from its backup place, metadata areas read as zeros, the unconverted part of a
// paused or partial volume is passed through as-is. Decrypts many sectors per call with OpenSSL EVP; reads
// of 256 KiB and more are split across a pool of worker threads (one per hardware thread, each with its
// own cipher contexts) that the reader starts on its first large read and stops when it is destroyed.
#include <memory>

#include "bde/unlock.hpp"
#include "io/block_source.hpp"

namespace bde {

Result<std::unique_ptr<BlockSource>> open_decrypted_volume(std::shared_ptr<const BlockSource> raw,
                                                           const VolumeInfo& info, const VolumeKeys& keys);

}  // namespace bde
