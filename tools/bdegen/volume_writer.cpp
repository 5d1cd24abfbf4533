#include "volume_writer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "layout.hpp"
#include "metadata_builder.hpp"
#include "sector_cipher.hpp"

namespace bdegen {
namespace {

constexpr std::size_t kChunk = 8 << 20;

bde::Result<void> read_exact(int fd, std::span<std::uint8_t> out, std::uint64_t offset) {
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            return bde::fail(bde::Errc::io, "Cannot read the plaintext image.",
                             fmt::format("at {}: {}", offset + done, n < 0 ? std::strerror(errno) : "unexpected end"));
        done += static_cast<std::size_t>(n);
    }
    return {};
}

bde::Result<void> write_exact(int fd, std::span<const std::uint8_t> data, std::uint64_t offset) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            return bde::fail(bde::Errc::io, "Cannot write the volume image (is the disk full?).",
                             fmt::format("at {}: {}", offset + done, n < 0 ? std::strerror(errno) : "short write"));
        done += static_cast<std::size_t>(n);
    }
    return {};
}

bool is_hole(int fd, std::uint64_t offset, std::uint64_t length) {
    off_t data = ::lseek(fd, static_cast<off_t>(offset), SEEK_DATA);
    return (data < 0 && errno == ENXIO) || (data >= 0 && static_cast<std::uint64_t>(data) >= offset + length);
}

// Encrypts the sectors of buf (at volume offset `offset`) that lie below the conversion point.
void encrypt_converted(SectorCipher& cipher, std::span<std::uint8_t> buf, std::uint64_t offset,
                       std::uint64_t encrypted_bytes) {
    if (offset >= encrypted_bytes) return;
    std::uint64_t n = std::min<std::uint64_t>(buf.size(), encrypted_bytes - offset);
    cipher.encrypt(buf.first(static_cast<std::size_t>(n)), offset);
}

}  // namespace

bde::Result<void> write_volume(int plain_fd, int out_fd, const VolumePlan& plan, RandomSource& random,
                               const WriteOptions& options) {
    if (::ftruncate(out_fd, static_cast<off_t>(plan.volume_size)) != 0)
        return bde::fail(bde::Errc::io, "Cannot size the volume image.", std::strerror(errno));
    SectorCipher cipher(plan.method, plan.fvek, plan.sector_size);

    // 1. Every sector, encrypted in place (areas overwritten below are encrypted too: simpler, and cheap).
    std::vector<std::uint8_t> buf(kChunk);
    for (std::uint64_t offset = 0; offset < plan.volume_size; offset += kChunk) {
        std::size_t len = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, plan.volume_size - offset));
        std::span<std::uint8_t> chunk(buf.data(), len);
        bool converted = offset < plan.encrypted_bytes;
        if (!converted && is_hole(plain_fd, offset, len)) continue;  // stays a hole in the output
        if (auto r = read_exact(plain_fd, chunk, offset); !r) return r;
        if (!converted && std::all_of(chunk.begin(), chunk.end(), [](std::uint8_t b) { return b == 0; })) continue;
        encrypt_converted(cipher, chunk, offset, plan.encrypted_bytes);
        if (auto r = write_exact(out_fd, chunk, offset); !r) return r;
    }

    // 2. The plaintext boot sectors, encrypted at (and with the IV of) their backup place.
    std::vector<std::uint8_t> boot(kBootBackupSize);
    if (auto r = read_exact(plain_fd, boot, 0); !r) return r;
    encrypt_converted(cipher, boot, plan.layout.boot_backup, plan.encrypted_bytes);
    if (auto r = write_exact(out_fd, boot, plan.layout.boot_backup); !r) return r;

    // 3. The BitLocker volume header replaces sector 0.
    if (auto r = write_exact(out_fd, build_volume_header(plan), 0); !r) return r;

    // 4. The three metadata copies (unencrypted), one of them ruined on request.
    std::vector<std::uint8_t> area = build_metadata_area(plan);
    for (int copy = 1; copy <= 3; ++copy) {
        std::vector<std::uint8_t> bytes = area;
        if (options.damage_copy == copy) random.fill(bytes);
        if (auto r = write_exact(out_fd, bytes, plan.layout.metadata[copy - 1]); !r) return r;
    }
    return {};
}

}  // namespace bdegen
