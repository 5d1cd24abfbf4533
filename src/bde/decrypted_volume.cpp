// open_decrypted_volume: the decrypted view of a volume as a BlockSource (see decrypted_volume.hpp).
#include "bde/decrypted_volume.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <mutex>

#include "bde/le_bytes.hpp"
#include "bde/sector_workers.hpp"
#include "bde/volume_map.hpp"
#include "crypto/sector_cipher.hpp"

namespace bde {
namespace {

constexpr std::size_t kMaxSectorSize = 4096;
// Reads of at least this many aligned bytes are split across the worker threads, in chunks of kChunk
// (a multiple of every sector size); smaller ones are decrypted on the calling thread, where handing
// them over would cost more than it saves.
constexpr std::size_t kParallelThreshold = 256 * 1024;
constexpr std::size_t kChunk = 128 * 1024;

Result<crypto::SectorMode> mode_for(EncryptionMethod m) {
    switch (m) {
        case EncryptionMethod::aes_xts_128:
        case EncryptionMethod::aes_xts_256: return crypto::SectorMode::xts;
        case EncryptionMethod::aes_cbc_128:
        case EncryptionMethod::aes_cbc_256: return crypto::SectorMode::cbc;
        case EncryptionMethod::aes_cbc_128_diffuser:
        case EncryptionMethod::aes_cbc_256_diffuser: return crypto::SectorMode::cbc_elephant;
        case EncryptionMethod::unknown: break;
    }
    return fail(Errc::unsupported, "This volume uses an encryption method this program does not know.");
}

class DecryptedVolume final : public BlockSource {
public:
    DecryptedVolume(std::shared_ptr<const BlockSource> raw, const VolumeInfo& info, crypto::SectorMode mode,
                    const VolumeKeys& keys, crypto::SectorCipher first)
        : raw_(std::move(raw)), map_(VolumeMap::from(info)), sector_size_(info.sector_size), mode_(mode),
          keys_(keys), vista_mft_mirror_(info.vista_mft_mirror_cluster) {
        pool_.push_back(std::make_unique<crypto::SectorCipher>(std::move(first)));
    }

    std::uint64_t size() const override { return map_.size(); }
    std::uint32_t sector_size() const override { return sector_size_; }
    std::string name() const override { return raw_->name() + " (decrypted)"; }

    Result<std::size_t> read_at(std::uint64_t offset, std::span<std::uint8_t> out) const override {
        if (offset >= size()) return std::size_t{0};
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), size() - offset));
        std::size_t done = 0;
        while (done < want) {
            std::uint64_t pos = offset + done;
            const Segment& seg = map_.segment_at(pos);
            std::size_t piece = static_cast<std::size_t>(std::min<std::uint64_t>(want - done, seg.end() - pos));
            if (auto r = produce(seg, pos, out.subspan(done, piece)); !r) return std::unexpected(r.error());
            done += piece;
        }
        return done;
    }

private:
    // A cipher for this call: taken from the pool or made; given back when the lease ends.
    class Lease {
    public:
        Lease(const DecryptedVolume& v, std::unique_ptr<crypto::SectorCipher> c) : v_(v), c_(std::move(c)) {}
        ~Lease() {
            std::lock_guard lock(v_.pool_mutex_);
            v_.pool_.push_back(std::move(c_));
        }
        crypto::SectorCipher& operator*() { return *c_; }

    private:
        const DecryptedVolume& v_;
        std::unique_ptr<crypto::SectorCipher> c_;
    };

    Result<crypto::SectorCipher> make_cipher() const {
        return crypto::SectorCipher::create(mode_, keys_.fvek.span(), keys_.tweak.span(), sector_size_);
    }

    Result<std::unique_ptr<crypto::SectorCipher>> take_cipher() const {
        {
            std::lock_guard lock(pool_mutex_);
            if (!pool_.empty()) {
                auto c = std::move(pool_.back());
                pool_.pop_back();
                return c;
            }
        }
        auto c = make_cipher();
        if (!c) return std::unexpected(c.error());
        return std::make_unique<crypto::SectorCipher>(std::move(*c));
    }

    Result<void> read_raw(std::uint64_t offset, std::span<std::uint8_t> out) const {
        auto n = raw_->read_at(offset, out);
        if (!n) return std::unexpected(n.error());
        if (*n != out.size())
            return fail(Errc::io, fmt::format("{} ends at byte {}, before the end of the BitLocker volume: the disk "
                                              "or image is truncated.", raw_->name(), offset + *n));
        return {};
    }

    // Reads and decrypts whole sectors [pos, pos + out.size()) of an encrypted segment into out.
    Result<void> decrypt_sectors(const Segment& seg, std::uint64_t pos, std::span<std::uint8_t> out) const {
        std::uint64_t src = seg.source_offset + (pos - seg.offset);
        if (auto r = read_raw(src, out); !r) return r;
        auto cipher = take_cipher();
        if (!cipher) return std::unexpected(cipher.error());
        Lease lease(*this, std::move(*cipher));
        return (*lease).decrypt(out, src);
    }

    // The worker pool, started on the first large read (opening a volume just to look at it starts no
    // threads). nullptr if it could not be started: reads then stay on the calling thread.
    SectorWorkers* workers() const {
        std::lock_guard lock(workers_mutex_);
        if (!workers_tried_) {
            workers_tried_ = true;
            auto w = SectorWorkers::start(default_sector_worker_count(), [this] { return make_cipher(); });
            if (w) workers_ = std::move(*w);
        }
        return workers_.get();
    }

    // Aligned whole sectors [pos, pos + out.size()): large runs are read and decrypted chunk by chunk on
    // the workers and this thread, each chunk with its own cipher; small runs in one go here.
    Result<void> decrypt_run(const Segment& seg, std::uint64_t pos, std::span<std::uint8_t> out) const {
        SectorWorkers* pool = out.size() >= kParallelThreshold ? workers() : nullptr;
        if (!pool) return decrypt_sectors(seg, pos, out);
        const std::uint64_t src = seg.source_offset + (pos - seg.offset);
        const std::size_t chunks = (out.size() + kChunk - 1) / kChunk;
        auto cipher = take_cipher();
        if (!cipher) return std::unexpected(cipher.error());
        Lease lease(*this, std::move(*cipher));
        return pool->run(chunks, [&](std::size_t i, crypto::SectorCipher& c) -> Result<void> {
            std::size_t at = i * kChunk;
            auto piece = out.subspan(at, std::min(kChunk, out.size() - at));
            if (auto r = read_raw(src + at, piece); !r) return r;
            return c.decrypt(piece, src + at);
        }, *lease);
    }

    Result<void> produce_encrypted(const Segment& seg, std::uint64_t pos, std::span<std::uint8_t> out) const {
        const std::uint64_t ss = sector_size_;
        std::uint64_t end = pos + out.size();
        std::size_t done = 0;
        // A partial first or last sector goes through a one-sector buffer; the aligned middle is
        // decrypted in place in the caller's buffer.
        auto partial = [&](std::uint64_t at) -> Result<void> {
            std::array<std::uint8_t, kMaxSectorSize> sector{};
            std::uint64_t base = at / ss * ss;
            auto s = std::span<std::uint8_t>(sector.data(), ss);
            if (auto r = decrypt_sectors(seg, base, s); !r) return r;
            std::size_t from = static_cast<std::size_t>(at - base);
            std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(ss - from, end - at));
            std::memcpy(out.data() + done, sector.data() + from, n);
            done += n;
            secure_wipe(sector.data(), sector.size());
            return {};
        };
        if (pos % ss) {
            if (auto r = partial(pos); !r) return r;
        }
        std::uint64_t aligned_end = end / ss * ss;
        if (pos + done < aligned_end) {
            std::size_t n = static_cast<std::size_t>(aligned_end - (pos + done));
            if (auto r = decrypt_run(seg, pos + done, out.subspan(done, n)); !r) return r;
            done += n;
        }
        if (pos + done < end) {
            if (auto r = partial(pos + done); !r) return r;
        }
        return {};
    }

    // Vista stores its NTFS boot sector with the BitLocker signature and the metadata cluster in it.
    Result<void> produce_vista(const Segment& seg, std::uint64_t pos, std::span<std::uint8_t> out) const {
        std::array<std::uint8_t, kMaxSectorSize> sector{};
        auto s = std::span<std::uint8_t>(sector.data(), sector_size_);
        if (auto r = read_raw(seg.source_offset, s); !r) return r;
        std::memcpy(sector.data() + 3, "NTFS    ", 8);
        put_le64(sector.data() + 0x38, vista_mft_mirror_);
        std::memcpy(out.data(), sector.data() + (pos - seg.offset), out.size());
        return {};
    }

    Result<void> produce(const Segment& seg, std::uint64_t pos, std::span<std::uint8_t> out) const {
        switch (seg.kind) {
            case SegmentKind::zeros: std::memset(out.data(), 0, out.size()); return {};
            case SegmentKind::plain: return read_raw(seg.source_offset + (pos - seg.offset), out);
            case SegmentKind::vista_fixup: return produce_vista(seg, pos, out);
            case SegmentKind::decrypt:
            case SegmentKind::relocated_header: return produce_encrypted(seg, pos, out);
        }
        return fail(Errc::internal, "Unknown segment kind.");
    }

    std::shared_ptr<const BlockSource> raw_;
    VolumeMap map_;
    std::uint32_t sector_size_;
    crypto::SectorMode mode_;
    VolumeKeys keys_;
    std::uint64_t vista_mft_mirror_;
    mutable std::mutex pool_mutex_;
    mutable std::vector<std::unique_ptr<crypto::SectorCipher>> pool_;  // callers' ciphers, reused
    mutable std::mutex workers_mutex_;
    mutable bool workers_tried_ = false;
    mutable std::unique_ptr<SectorWorkers> workers_;  // declared last: stopped before the rest goes
};

}  // namespace

Result<std::unique_ptr<BlockSource>> open_decrypted_volume(std::shared_ptr<const BlockSource> raw,
                                                           const VolumeInfo& info, const VolumeKeys& keys) {
    if (!raw) return fail(Errc::internal, "No source volume.");
    auto mode = mode_for(info.method);
    if (!mode) return std::unexpected(mode.error());
    if (keys.method != info.method)
        return fail(Errc::internal, "The keys are for another encryption method than this volume's.");
    if (info.sector_size < 512 || info.sector_size > kMaxSectorSize || info.sector_size % 512)
        return fail(Errc::unsupported, fmt::format("Sector size {} is not supported.", info.sector_size));
    if (info.volume_size < info.sector_size || info.volume_size > raw->size())
        return fail(Errc::corrupt, "The volume size in its metadata does not fit the disk or image.");
    auto cipher = crypto::SectorCipher::create(*mode, keys.fvek.span(), keys.tweak.span(), info.sector_size);
    if (!cipher) return std::unexpected(cipher.error());
    return std::unique_ptr<BlockSource>(new DecryptedVolume(std::move(raw), info, *mode, keys, std::move(*cipher)));
}

}  // namespace bde
