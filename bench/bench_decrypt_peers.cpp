// Decrypted sequential read speed of one BitLocker volume, ours against the other readers on the same
// page-cached volume in the same run: our reader (4 MiB reads), our FUSE file (1 MiB reads), libbde's
// bdemount, dislocker-fuse, and OpenSSL's one-core ceiling (`openssl speed -evp`, 512-byte blocks).
// Prints MB/s (10^6 bytes, like openssl), the ratios and the peak RSS of this process (ours only: the
// peers run as child processes). Goals: >= 20x libbde, >= 5x dislocker, >= 0.5x openssl one core, < 200 MiB.
// Usage: bench_decrypt_peers VOL --password P [--peer-mib N (default 256; 0 = whole volume)]
// bench/decrypt_peers.sh makes the 1 GiB XTS and CBC volumes with bdegen and runs this on each.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bde/open_volume.hpp"
#include "io/file_source.hpp"
#include "bench_reads.hpp"
#include "mount/volume_fuse.hpp"

namespace {

namespace fs = std::filesystem;
constexpr double kMB = 1e6;  // MB/s like openssl speed

// Runs a program to its end (both peers put themselves in the background once mounted); its exit status.
int run(const std::vector<std::string>& args, bool quiet = true) {
    pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        if (quiet) {
            int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::dup2(null, 2);
        }
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string capture(const std::string& command) {
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

// A peer's FUSE mount point: always unmounted and removed, however the bench ends.
class PeerMount {
public:
    explicit PeerMount(fs::path dir) : dir_(std::move(dir)) { fs::create_directories(dir_); }
    ~PeerMount() {
        if (run({"mountpoint", "-q", dir_.string()}) == 0 && run({"fusermount", "-u", dir_.string()}) != 0)
            run({"umount", "-l", dir_.string()});
        std::error_code ec;
        fs::remove(dir_, ec);
    }
    PeerMount(const PeerMount&) = delete;
    PeerMount& operator=(const PeerMount&) = delete;
    const fs::path& dir() const { return dir_; }
    bool mounted() const { return run({"mountpoint", "-q", dir_.string()}) == 0; }

private:
    fs::path dir_;
};

// `openssl speed -mr -evp CIPHER -bytes 512` on one core, in MB/s; the +F line carries bytes per second.
std::optional<double> openssl_one_core(const std::string& cipher, bool decrypt) {
    std::string out = capture("openssl speed -mr -seconds 3 -bytes 512 " + std::string(decrypt ? "-decrypt " : "") +
                              "-evp " + cipher + " 2>/dev/null");
    auto at = out.rfind("+F:");
    if (at == std::string::npos) return std::nullopt;
    auto colon = out.rfind(':', out.find('\n', at));
    return std::strtod(out.c_str() + colon + 1, nullptr) / 1e6;
}

double peak_rss_mib() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
}

void ratio(const char* what, double ours, double theirs, double goal) {
    if (theirs <= 0) return (void)std::printf("  ours / %-22s n/a (not measured)\n", what);
    double r = ours / theirs;
    std::printf("  ours / %-22s %7.2fx   goal >= %.1fx: %s\n", what, r, goal, r >= goal ? "met" : "NOT met");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s VOL --password P [--peer-mib N]\n", argv[0]);
        return 2;
    }
    std::string vol = fs::absolute(argv[1]).string(), password;
    std::uint64_t peer_mib = 256;
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--password") password = argv[i + 1];
        else if (a == "--peer-mib") peer_mib = std::strtoull(argv[i + 1], nullptr, 10);
    }
    auto raw = bde::FileSource::open(vol);  // read-only
    if (!raw) return std::fprintf(stderr, "%s\n", raw.error().message.c_str()), 1;
    std::shared_ptr<const bde::BlockSource> raw_source = std::move(*raw);
    bde::Credential cred;
    cred.kind = bde::Credential::Kind::password;
    cred.secret = bde::SecureBuffer::from_string(password);
    bde::OpenOptions opt;
    opt.use_libbde = false;  // our reader alone
    auto opened = bde::open_volume(raw_source, bde::VolumeLocation{vol, 0, 0}, {cred}, opt);
    if (!opened) return std::fprintf(stderr, "%s\n", opened.error().message.c_str()), 1;
    const auto& volume = opened->volume;
    const std::uint64_t size = volume->size();
    const std::uint64_t peer_bytes = peer_mib == 0 ? size : std::min(size, peer_mib << 20);
    const bool xts = opened->info.method == bde::EncryptionMethod::aes_xts_128 ||
                     opened->info.method == bde::EncryptionMethod::aes_xts_256;

    double load[1] = {0};
    ::getloadavg(load, 1);  // this machine may be shared: say how busy it was
    std::printf("volume %s: %s, %.0f MiB, %u hardware threads, load average %.1f\n", vol.c_str(),
                xts ? "AES-XTS" : "AES-CBC", static_cast<double>(size) / (1 << 20), std::thread::hardware_concurrency(),
                load[0]);
    bench::source_read_rate(*raw_source, size);  // brings the encrypted file into the page cache
    std::printf("encrypted file, page-cached plain reads:  %7.0f MB/s\n", bench::source_read_rate(*raw_source, size) / kMB);

    double ours = 0;
    for (int rep = 0; rep < 2; ++rep) ours = std::max(ours, bench::source_read_rate(*volume, size) / kMB);
    std::printf("ours, decrypted reader, 4 MiB reads, whole volume:  %7.0f MB/s (best of 2)\n", ours);

    auto dir = fs::temp_directory_path() / ("bench-decrypt-peers-" + std::to_string(::getpid()));
    fs::create_directories(dir / "ours");
    double ours_fuse = 0;
    {
        auto fuse = bde::VolumeFuse::start(volume, (dir / "ours").string());
        if (fuse) ours_fuse = bench::file_read_rate((*fuse)->file_path(), size) / kMB;
        else std::fprintf(stderr, "our FUSE mount failed: %s\n", fuse.error().message.c_str());
    }
    std::printf("ours, through our FUSE file, 1 MiB reads, whole volume: %7.0f MB/s\n", ours_fuse);
    const double rss = peak_rss_mib();

    std::printf("peers read the first %.0f MiB%s\n", static_cast<double>(peer_bytes) / (1 << 20),
                peer_bytes < size ? " only (libbde takes too long for the whole volume)" : "");
    double libbde = 0, dislocker = 0;
    {
        PeerMount m(dir / "bdemount");
        if (run({"bdemount", "-p", password, vol, m.dir().string()}) == 0 && m.mounted())
            libbde = bench::file_read_rate((m.dir() / "bde1").string(), peer_bytes) / kMB;
        else std::printf("  bdemount could not mount the volume\n");
    }
    std::printf("libbde (bdemount), 1 MiB reads:    %7.0f MB/s\n", libbde);
    {
        PeerMount m(dir / "dislocker");
        if (run({"dislocker-fuse", "-r", "-V", vol, "-u" + password, "--", m.dir().string()}) == 0 && m.mounted())
            dislocker = bench::file_read_rate((m.dir() / "dislocker-file").string(), peer_bytes) / kMB;
        else std::printf("  dislocker-fuse could not mount the volume\n");
    }
    std::printf("dislocker-fuse, 1 MiB reads:       %7.0f MB/s\n", dislocker);
    std::error_code ec;
    fs::remove_all(dir, ec);

    auto ossl = openssl_one_core(xts ? "aes-128-xts" : "aes-128-cbc", !xts);
    std::printf("openssl speed -evp %s%s, 512-byte blocks, one core: %7.0f MB/s\n", xts ? "aes-128-xts" : "aes-128-cbc",
                xts ? "" : " -decrypt", ossl.value_or(0));

    std::printf("ratios (ours = decrypted reader; FUSE file in brackets):\n");
    ratio("libbde", ours, libbde, 20);
    ratio("dislocker", ours, dislocker, 5);
    ratio("openssl one core", ours, ossl.value_or(0), 0.5);
    if (libbde > 0 && dislocker > 0)
        std::printf("  [FUSE file: %.1fx libbde, %.1fx dislocker]\n", ours_fuse / libbde, ours_fuse / dislocker);
    std::printf("peak RSS of ours: %.0f MiB   goal < 200 MiB: %s\n", rss, rss < 200 ? "met" : "NOT met");
    return 0;
}
