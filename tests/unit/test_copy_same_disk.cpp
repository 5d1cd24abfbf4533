// The destination guard against writing onto the disk being rescued, using this machine's own disk.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <fstream>

#include "io/same_disk.hpp"

using namespace bde;
namespace fs = std::filesystem;

TEST_CASE("a destination on the source's disk is refused, the source image itself too", "[copy]") {
    auto tmp = fs::temp_directory_path() / ("bderescue-test-same-disk-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    std::ofstream(tmp / "vol.img") << "x";
    auto self = ensure_destination_not_on_source((tmp / "vol.img").string(), (tmp / "vol.img").string());
    REQUIRE(!self);
    CHECK(self.error().code == Errc::destination);
    CHECK(ensure_destination_not_on_source((tmp / "vol.img").string(), (tmp / "copy/out").string()));

    // The block device holding the temp folder stands in for "the disk with the BitLocker volume".
    struct stat st{};
    REQUIRE(::stat(tmp.c_str(), &st) == 0);
    auto disks = physical_disks_of(st.st_dev);
    if (disks.empty()) {
        WARN("the temp folder is not on a block device here; same-disk refusal not exercised");
    } else {
        std::string dev = "/dev/" + *disks.begin();
        struct stat dst{};
        if (::stat(dev.c_str(), &dst) != 0 || !S_ISBLK(dst.st_mode)) {
            WARN("no device node " + dev);
        } else {
            auto r = ensure_destination_not_on_source(dev, (tmp / "new/folder").string());
            REQUIRE(!r);
            CHECK(r.error().code == Errc::destination);
            CHECK(r.error().message.find(*disks.begin()) != std::string::npos);
        }
    }
    CHECK(physical_disks_of(makedev(0, 42)).empty());  // tmpfs/FUSE: no disk
    fs::remove_all(tmp);
}
