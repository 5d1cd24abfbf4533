// A destination whose driver reports no sizes (fusefat, used where the kernel has no vfat) has unknown free
// space, not none: a copy to it must not be refused as "0 bytes free".
#include <catch2/catch.hpp>

#include <filesystem>

#include "copy/dest_fs.hpp"
#include "copy/plan.hpp"
#include "discovery/mounts.hpp"
#include "fs_images.hpp"
#include "run_cli.hpp"

using namespace bde;
using namespace bde::test;

TEST_CASE("a FAT32 drive through fusefat: free space unknown, and a copy is not refused for it", "[copy]") {
    MountScratchDir dir;
    make_fat32_image(dir / "dest.img", 40 << 20, [](const std::string&) {});
    std::string mnt = dir / "dest";
    std::filesystem::create_directories(mnt);
    auto mounted = run_program({"fusefat", "-o", "rw+", dir / "dest.img", mnt});
    INFO(mounted.out << mounted.err);
    REQUIRE(mounted.exit_code == 0);

    CHECK(!discovery::space_usage(mnt));
    auto limits = probe_destination(mnt);
    REQUIRE(limits);
    CHECK(limits->kind == DestFsKind::fat);
    CHECK(!limits->free_known);
    CopyPlan plan;
    plan.dest = *limits;
    plan.bytes_needed = 1ull << 40;
    CHECK(plan.fits());

    // A drive that does report its size and is too small is still refused.
    plan.dest.free_known = true;
    plan.dest.free_bytes = 1 << 20;
    CHECK(!plan.fits());
    run_program({"umount", mnt});
}
