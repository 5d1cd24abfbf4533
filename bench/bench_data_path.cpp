// Throughput of the data path that copy, mount and image sit on: the decrypted volume read directly
// (4 MiB reads), the same through our FUSE file (what ntfs-3g reads), and `image` to a sparse file.
// Goal: disk-bound, i.e. well above libbde's 54-86 MB/s (DESIGN.md) and close to a plain read of the
// encrypted file. Usage: bench_data_path VOL (--password P | --recovery-password DIGITS | --plain) [--mib N]
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "bde/open_volume.hpp"
#include "imaging/imager.hpp"
#include "io/file_source.hpp"
#include "keys/recovery_password.hpp"
#include "bench_reads.hpp"
#include "mount/volume_fuse.hpp"

namespace {

constexpr double kMiB = 1 << 20;

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s VOL (--password P | --recovery-password DIGITS | --plain) [--mib N]\n", argv[0]);
        return 2;
    }
    std::string vol = argv[1];
    std::vector<bde::Credential> creds;
    bool plain = false;
    std::uint64_t limit = UINT64_MAX;
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--plain") plain = true;
        else if (a == "--mib" && i + 1 < argc) limit = std::strtoull(argv[++i], nullptr, 10) << 20;
        else if ((a == "--password" || a == "--recovery-password") && i + 1 < argc) {
            bde::Credential c;
            if (a == "--password") {
                c.kind = bde::Credential::Kind::password;
                c.secret = bde::SecureBuffer::from_string(argv[++i]);
            } else {
                auto rp = bde::RecoveryPassword::parse(argv[++i]);
                if (!rp) return std::fprintf(stderr, "%s\n", rp.error().message.c_str()), 2;
                c.kind = bde::Credential::Kind::recovery_password;
                c.secret = rp->key();
            }
            creds.push_back(std::move(c));
        }
    }
    std::shared_ptr<const bde::BlockSource> volume;
    auto raw = bde::FileSource::open(vol);
    if (!raw) return std::fprintf(stderr, "%s\n", raw.error().message.c_str()), 1;
    std::shared_ptr<const bde::BlockSource> raw_source = std::move(*raw);
    if (plain) {
        volume = raw_source;
    } else {
        auto t0 = bench::Clock::now();
        bde::OpenOptions opt;
        opt.use_libbde = false;  // measure our reader; libbde's check would add its own reads
        auto opened = bde::open_volume(raw_source, bde::VolumeLocation{vol, 0, 0}, creds, opt);
        if (!opened) return std::fprintf(stderr, "%s\n", opened.error().message.c_str()), 1;
        std::printf("unlock (key stretching + metadata): %.2f s\n",
                    std::chrono::duration<double>(bench::Clock::now() - t0).count());
        volume = opened->volume;
    }
    limit = std::min(limit, volume->size());
    std::printf("volume: %s, %.0f MiB measured\n", vol.c_str(), static_cast<double>(limit) / (1 << 20));
    std::printf("encrypted file, plain reads:        %7.0f MiB/s\n", bench::source_read_rate(*raw_source, limit) / kMiB);
    for (int rep = 0; rep < 2; ++rep)
        std::printf("decrypted BlockSource, 4 MiB reads: %7.0f MiB/s\n", bench::source_read_rate(*volume, limit) / kMiB);

    auto dir = std::filesystem::temp_directory_path() / ("bench-data-path-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "fuse");
    {
        auto fuse = bde::VolumeFuse::start(volume, (dir / "fuse").string());
        if (!fuse) return std::fprintf(stderr, "%s\n", fuse.error().message.c_str()), 1;
        std::printf("through the FUSE file, 1 MiB reads: %7.0f MiB/s\n", bench::file_read_rate((*fuse)->file_path(), limit) / kMiB);
    }
    {
        auto t0 = bench::Clock::now();
        bde::ImageOptions opt;
        auto r = bde::write_image(*volume, (dir / "image.img").string(), vol, opt, {});
        if (!r) return std::fprintf(stderr, "%s\n", r.error().message.c_str()), 1;
        std::printf("bderescue image to a sparse file:    %7.0f MiB/s (whole volume)\n", bench::bytes_per_s(r->total_bytes, t0) / kMiB);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
