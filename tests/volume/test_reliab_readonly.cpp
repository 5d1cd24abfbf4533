// Sources are opened read-only, and a block device is also switched to read-only in the kernel (BLKROSET)
// while bderescue holds it, so not even a stray write through another handle reaches the disk; its
// previous setting comes back afterwards. Shown on a writable loop device over a scratch file.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fs_images.hpp"
#include "io/file_source.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::test;

namespace {

int kernel_read_only(const std::string& dev) {
    int fd = ::open(dev.c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    int ro = -1;
    REQUIRE(::ioctl(fd, BLKROGET, &ro) == 0);
    ::close(fd);
    return ro;
}

struct WritableLoop {
    std::string dev;
    explicit WritableLoop(const std::string& image) {
        auto r = run_program({"losetup", "--find", "--show", image});  // writable on purpose
        REQUIRE(r.exit_code == 0);
        dev = r.out.substr(0, r.out.find('\n'));
    }
    ~WritableLoop() { run_program({"losetup", "-d", dev}); }
};

}  // namespace

TEST_CASE("a block device source is read-only in the kernel while held, and restored after", "[volume][reliability]") {
    MountScratchDir t;
    write_random_file(t / "disk.img", 4 << 20, 41);
    std::string before = sha256_of_file(t / "disk.img");
    WritableLoop loop(t / "disk.img");
    const std::string& dev = loop.dev;
    REQUIRE(kernel_read_only(dev) == 0);
    {
        auto src = FileSource::open(dev);
        REQUIRE(src);
        CHECK(kernel_read_only(dev) == 1);
        // Another handle opened for writing cannot change a byte while we hold the disk.
        int w = ::open(dev.c_str(), O_WRONLY | O_CLOEXEC);
        if (w >= 0) {
            char zeros[512] = {};
            CHECK(::pwrite(w, zeros, sizeof zeros, 0) < 0);
            ::close(w);
        }
        std::vector<std::uint8_t> first(512);
        CHECK((*src)->read_at(0, first));
    }
    CHECK(kernel_read_only(dev) == 0);
    CHECK(sha256_of_file(t / "disk.img") == before);
}
