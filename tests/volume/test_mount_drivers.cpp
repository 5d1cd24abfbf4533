// Which driver mounts what: the choice between kernel drivers (on the stick) and FUSE programs (here).
#include <catch2/catch.hpp>

#include "mount/driver_choice.hpp"

using namespace bde;

TEST_CASE("NTFS always goes through ntfs-3g, read-only", "[mount]") {
    auto any = [](std::string_view) { return true; };
    auto d = choose_driver(FsType::ntfs, any);
    REQUIRE(d);
    CHECK(!d->kernel);
    CHECK(d->name == "ntfs-3g");
    REQUIRE(d->args.size() == 2);
    CHECK(d->args[1].starts_with("ro,"));
}

TEST_CASE("FAT and exFAT use the kernel when it has the driver, FUSE programs otherwise", "[mount]") {
    auto with = [](std::string_view fs) { return fs == "vfat" || fs == "exfat"; };
    auto without = [](std::string_view) { return false; };
    for (FsType fat : {FsType::fat12, FsType::fat16, FsType::fat32}) {
        auto k = choose_driver(fat, with);
        REQUIRE(k);
        CHECK(k->kernel);
        CHECK(k->name == "vfat");
        CHECK(k->needs_block_device);
        auto f = choose_driver(fat, without);
        REQUIRE(f);
        CHECK(!f->kernel);
        CHECK(f->name == "fusefat");
        CHECK(f->args[1].starts_with("ro,"));
    }
    auto k = choose_driver(FsType::exfat, with);
    REQUIRE(k);
    CHECK((k->kernel && k->name == "exfat"));
    auto f = choose_driver(FsType::exfat, without);
    REQUIRE(f);
    CHECK((!f->kernel && f->name == "mount.exfat-fuse" && f->needs_block_device));
}

TEST_CASE("nothing mounts ReFS, a still-encrypted volume or noise", "[mount]") {
    auto any = [](std::string_view) { return true; };
    CHECK(!choose_driver(FsType::refs, any));
    CHECK(!choose_driver(FsType::bitlocker, any));
    CHECK(!choose_driver(FsType::unknown, any));
}

TEST_CASE("this kernel's file-system list is read", "[mount]") {
    CHECK(kernel_has_filesystem("fuse"));  // every test here runs on FUSE
    CHECK(!kernel_has_filesystem("no-such-filesystem"));
}
