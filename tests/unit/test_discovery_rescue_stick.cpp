// The stick we booted from is recognised by the UUID the boot menu puts on the kernel command line,
// so its own partitions are never offered as a destination.
#include <catch2/catch.hpp>

#include "discovery/rescue_stick.hpp"

using namespace bde::discovery;

TEST_CASE("bderescue.system= is read from the kernel command line", "[unit][discovery]") {
    CHECK(rescue_stick_uuid("BOOT_IMAGE=/vmlinuz quiet bderescue.system=4A1B-77C2 loglevel=3\n") == "4A1B-77C2");
    CHECK(rescue_stick_uuid("bderescue.system=abcd-0001") == "abcd-0001");
    CHECK(rescue_stick_uuid("quiet xbderescue.system=1234-5678 splash") == "");
    CHECK(rescue_stick_uuid("BOOT_IMAGE=/vmlinuz root=/dev/sda1") == "");
    CHECK(rescue_stick_uuid("") == "");
}

TEST_CASE("the disk holding the stick's system partition is marked, and only that one", "[unit][discovery]") {
    Snapshot s;
    Disk internal{.path = "/dev/nvme0n1"};
    internal.partitions.push_back({.fs_uuid = "1111-2222"});
    Disk stick{.path = "/dev/sdb"};
    stick.partitions.push_back({.fs_type = "vfat", .fs_label = "BDERESCUE", .fs_uuid = "AAAA-0001"});
    stick.partitions.push_back({.fs_type = "squashfs", .fs_uuid = "0f3c9a8e-7d51-4f0b-9c55-2b6d0e1a9f10"});
    Disk other_stick{.path = "/dev/sdc"};  // a second BDE Rescue stick: same label, other UUID
    other_stick.partitions.push_back({.fs_type = "vfat", .fs_label = "BDERESCUE", .fs_uuid = "AAAA-0002"});
    s.disks = {internal, stick, other_stick};

    mark_rescue_stick(s, "0F3C9A8E-7D51-4F0B-9C55-2B6D0E1A9F10");  // case does not matter
    CHECK_FALSE(s.disks[0].is_rescue_stick);
    CHECK(s.disks[1].is_rescue_stick);
    CHECK_FALSE(s.disks[2].is_rescue_stick);

    Snapshot none = s;
    none.disks[1].is_rescue_stick = false;
    mark_rescue_stick(none, "");
    for (const auto& d : none.disks) CHECK_FALSE(d.is_rescue_stick);
}
