// Discovery's pieces that need no BitLocker volume: sysfs facts, mount table, ordering, JSON, and the
// partition tables of plain images built with the util-linux tools.
#include <catch2/catch.hpp>

#include "discovery/mounts.hpp"
#include "discovery/partition_types.hpp"
#include "discovery/scan.hpp"
#include "discovery/scan_json.hpp"
#include "discovery/sysfs_disks.hpp"
#include "discovery/volume_order.hpp"
#include "disk_images.hpp"

using namespace bde;
using namespace bde::discovery;
using bde::test::DiskImageSpec;
using bde::test::TempDir;

TEST_CASE("transport comes from where the disk hangs in the device tree", "[unit][discovery]") {
    CHECK(transport_from_device_path("sda", "/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda") == "sata");
    CHECK(transport_from_device_path("sdb", "/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host4/target4:0:0/4:0:0:0/block/sdb") == "usb");
    CHECK(transport_from_device_path("nvme0n1", "/sys/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1") == "nvme");
    // An NVMe drive in a USB enclosure shows up as a USB SCSI disk.
    CHECK(transport_from_device_path("sdc", "/sys/devices/pci0000:00/0000:00:0d.0/usb4/4-1/4-1:1.0/host5/target5:0:0/5:0:0:0/block/sdc") == "usb");
    CHECK(transport_from_device_path("mmcblk0", "/sys/devices/pci0000:00/0000:00:1a.0/mmc_host/mmc0/mmc0:0001/block/mmcblk0") == "mmc");
    CHECK(transport_from_device_path("vda", "/sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda") == "virtio");
    CHECK(transport_from_device_path("sda", "/sys/devices/pci0000:00/0000:00:03.0/0000:02:00.0/host2/port-2:0/end_device-2:0/target2:0:0/2:0:0:0/block/sda") == "scsi");
    CHECK(transport_from_device_path("loop3", "/sys/devices/virtual/block/loop3") == "loop");
    CHECK(transport_from_device_path("dm-0", "/sys/devices/virtual/block/dm-0") == "dm");
    CHECK(transport_from_device_path("md126", "/sys/devices/virtual/block/md126") == "md");
    CHECK(transport_from_device_path("xvda", "/sys/devices/vbd-51712/block/xvda") == "other");
}

TEST_CASE("the serial number is read out of a VPD page 0x80", "[unit][discovery]") {
    using namespace std::string_literals;
    CHECK(serial_from_vpd_page80("\x00\x80\x00\x14    S3Z9NB0K123456A "s) == "S3Z9NB0K123456A");
    CHECK(serial_from_vpd_page80("\x00\x80\x00\x04" "ABCDEFGH"s) == "ABCD");  // the length field rules
    CHECK(serial_from_vpd_page80("\x00\x83\x00\x04" "ABCD"s).empty());        // another page
    CHECK(serial_from_vpd_page80("\x00\x80"s).empty());
}

TEST_CASE("a disk's name joins vendor and model once", "[unit][discovery]") {
    CHECK(disk_model_name("SanDisk ", "Ultra  Fit      ") == "SanDisk Ultra Fit");
    CHECK(disk_model_name("QEMU    ", "QEMU HARDDISK   ") == "QEMU HARDDISK");
    CHECK(disk_model_name("Samsung", "samsung SSD 870") == "samsung SSD 870");
    CHECK(disk_model_name("WD", "WDC WD10EZEX") == "WD WDC WD10EZEX");  // a prefix of a word is not the vendor
    CHECK(disk_model_name("ATA     ", "Samsung SSD 860 EVO 500GB") == "Samsung SSD 860 EVO 500GB");
    CHECK(disk_model_name("0x1234", "KINGSTON SA400") == "KINGSTON SA400");
    CHECK(disk_model_name("", "").empty());
}

TEST_CASE("mountinfo lines give device, mount point and type", "[unit][discovery]") {
    auto mounts = parse_mountinfo(
        "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
        "40 27 8:2 /backup /srv/bind rw shared:7 - ntfs3 /dev/sda2 rw\n"
        "41 27 8:2 / /media/My\\040Disk rw shared:7 master:1 - ntfs3 /dev/sda2 rw\n"
        "42 27 0:50 / /mnt/usb rw - fuseblk /dev/sdb1 rw,user_id=0\n"
        "garbage line\n");
    REQUIRE(mounts.size() == 4);
    CHECK(mounts[0].dev == "254:0");
    CHECK(mounts[0].fs_type == "ext4");
    CHECK(mounts[2].mountpoint == "/media/My Disk");
    CHECK(mounts[3].source == "/dev/sdb1");

    // The whole file system's mount wins over a bind mount of one of its folders.
    auto sda2 = find_mount(mounts, "8:2", "/dev/sda2");
    REQUIRE(sda2);
    CHECK(sda2->mountpoint == "/media/My Disk");
    // FUSE mounts carry their own device number: found by the source path instead.
    auto sdb1 = find_mount(mounts, "8:17", "/dev/sdb1");
    REQUIRE(sdb1);
    CHECK(sdb1->mountpoint == "/mnt/usb");
    CHECK_FALSE(find_mount(mounts, "8:3", "/dev/sda3"));
}

TEST_CASE("partition types a technician meets have names", "[unit][discovery]") {
    CHECK(partition_type_name("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7") == "Microsoft basic data");
    CHECK(partition_type_name("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7") == "Microsoft basic data");
    CHECK(partition_type_name("0x07") == "NTFS / exFAT / HPFS");
    CHECK(partition_type_name("0x99").empty());
}

namespace {

Partition bitlocker_partition(std::uint64_t size, const std::string& description, int number) {
    Partition p;
    p.path = "/dev/x" + std::to_string(number);
    p.number = number;
    p.size = size;
    p.is_bitlocker = true;
    if (!description.empty()) {
        VolumeInfo info;
        info.description = description;
        p.bitlocker = info;
    } else {
        p.bitlocker_error = "unreadable";
    }
    return p;
}

Disk disk_with(const std::string& path, const std::string& transport, bool removable, std::vector<Partition> parts) {
    Disk d;
    d.path = path;
    d.transport = transport;
    d.removable = removable;
    d.partitions = std::move(parts);
    return d;
}

}  // namespace

TEST_CASE("the Windows system volume comes first", "[unit][discovery]") {
    Snapshot s;
    s.disks.push_back(disk_with("/dev/sda", "usb", true,
                                {bitlocker_partition(900'000'000'000, "LAPTOP-1 D: 1/2/2024", 1)}));
    s.disks.push_back(disk_with("/dev/nvme0n1", "nvme", false,
                                {bitlocker_partition(200'000'000'000, "LAPTOP-1 E: 1/2/2024", 3),
                                 bitlocker_partition(250'000'000'000, "DESKTOP-B8H4DIM C: 3/21/2024", 4),
                                 bitlocker_partition(300'000'000'000, "", 5)}));
    Partition plain;
    plain.fs_type = "ntfs";
    s.disks[1].partitions.push_back(plain);

    auto order = bitlocker_volumes(s);
    REQUIRE(order.size() == 4);  // the NTFS partition is not a BitLocker volume
    std::vector<std::string> paths;
    for (auto r : order) paths.push_back(s.partition_of(r).path);
    // C: first; then internal before USB, larger before smaller (an unreadable one by its size).
    CHECK(paths == std::vector<std::string>{"/dev/x4", "/dev/x5", "/dev/x3", "/dev/x1"});
}

TEST_CASE("a system-drive description is recognised by its drive letter", "[unit][discovery]") {
    VolumeInfo info;
    info.description = "DESKTOP-B8H4DIM C: 3/21/2024";
    CHECK(describes_system_drive(info));
    info.description = "DESKTOP-B8H4DIM D: 3/21/2024";
    CHECK_FALSE(describes_system_drive(info));
    info.description = "C: 3/21/2024";
    CHECK(describes_system_drive(info));
    info.description = "ABC: data";
    CHECK_FALSE(describes_system_drive(info));
}

TEST_CASE("scan JSON names the device, the window and the metadata", "[unit][discovery]") {
    Disk disk = disk_with("disk.img", "file", false, {});
    disk.model = "Image file";
    Partition p = bitlocker_partition(104857600, "DESKTOP-B8H4DIM C: 3/21/2024", 2);
    p.path = "disk.img";
    p.path_offset = 1048576;
    Protector rp;
    rp.type = ProtectorType::recovery_password;
    rp.key_id = *KeyId::parse("64311DEA-4587-4029-924A-BA299647998E");
    p.bitlocker->protectors.push_back(rp);
    p.bitlocker->volume_id = *KeyId::parse("8F595209-F5B9-49A0-85D4-CB8F80258C27");

    auto j = volume_json(disk, p);
    CHECK(j["device"] == "disk.img");
    CHECK(j["offset"] == 1048576);
    CHECK(j["size"] == 104857600);
    CHECK(j["partition"] == 2);
    CHECK(j["kind"] == "bitlocker");
    CHECK(j["description"] == "DESKTOP-B8H4DIM C: 3/21/2024");
    CHECK(j["volume_id"] == "8F595209-F5B9-49A0-85D4-CB8F80258C27");
    REQUIRE(j["protectors"].size() == 1);
    CHECK(j["protectors"][0]["key_id"] == "64311DEA-4587-4029-924A-BA299647998E");
    CHECK(j["disk"]["transport"] == "file");
    CHECK_FALSE(j.contains("error"));

    Partition unreadable = bitlocker_partition(5, "", 1);
    auto k = volume_json(disk, unreadable);
    CHECK(k["description"].is_null());
    CHECK(k["protectors"].empty());
    CHECK(k["error"] == "unreadable");
}

namespace {

const Partition* partition_number(const Disk& d, int n) {
    for (const auto& p : d.partitions)
        if (p.number == n) return &p;
    return nullptr;
}

}  // namespace

TEST_CASE("plain GPT and MBR images: partitions at the right place with 512 and 4096-byte sectors",
          "[unit][discovery]") {
    TempDir dir;
    auto sector = GENERATE(512u, 4096u);
    auto label = GENERATE(std::string("gpt"), std::string("dos"));
    CAPTURE(sector, label);
    std::uint64_t mib = 1 << 20;
    std::uint64_t per_mib = mib / sector;
    DiskImageSpec spec{label, sector, 64 * mib, {}};
    if (label == "gpt") {
        spec.partitions = {{1 * per_mib, 16 * per_mib, bde::test::gpt_efi_system, "EFI system partition"},
                           {17 * per_mib, 40 * per_mib, bde::test::gpt_basic_data, "Basic data partition"}};
    } else {
        // Two primaries, then an extended partition holding two logical ones (numbered 5 and 6).
        spec.partitions = {{1 * per_mib, 16 * per_mib, "c", ""},
                           {17 * per_mib, 20 * per_mib, "7", ""},
                           {37 * per_mib, 26 * per_mib, "5", ""},
                           {38 * per_mib, 10 * per_mib, "7", ""},
                           {50 * per_mib, 12 * per_mib, "83", ""}};
    }
    std::string image = dir.file("disk.img");
    bde::test::make_disk_image(image, spec);
    std::string fat = dir.file("fat.img");
    bde::test::make_fat_image(fat, 16 * mib, "KEYS");
    bde::test::place_file(fat, image, 1 * mib);

    auto disk = scan_path(image);
    REQUIRE(disk);
    CHECK(disk->transport == "file");
    CHECK(disk->size == 64 * mib);
    CHECK(disk->logical_sector_size == sector);
    CHECK(disk->partition_table == label);

    const Partition* first = partition_number(*disk, 1);
    REQUIRE(first);
    CHECK(first->offset == 1 * mib);
    CHECK(first->size == 16 * mib);
    CHECK(first->path == image);
    CHECK(first->path_offset == 1 * mib);
    CHECK(first->fs_type == "vfat");
    CHECK(first->fs_label == "KEYS");
    CHECK_FALSE(first->is_bitlocker);
    CHECK(first->mountpoint.empty());

    const Partition* second = partition_number(*disk, 2);
    REQUIRE(second);
    CHECK(second->offset == 17 * mib);
    if (label == "gpt") {
        REQUIRE(disk->partitions.size() == 2);
        CHECK(second->size == 40 * mib);
        CHECK(second->type == "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7");
        CHECK(second->type_name == "Microsoft basic data");
        CHECK(second->label == "Basic data partition");
    } else {
        // The extended partition itself is a container, not listed.
        REQUIRE(disk->partitions.size() == 4);
        CHECK(second->type == "0x07");
        CHECK_FALSE(partition_number(*disk, 3));
        const Partition* logical = partition_number(*disk, 6);
        REQUIRE(logical);
        CHECK(logical->offset == 50 * mib);
        CHECK(logical->size == 12 * mib);
        CHECK(logical->type == "0x83");
    }
}

TEST_CASE("an image without a partition table is one volume, or nothing when blank", "[unit][discovery]") {
    TempDir dir;
    std::string fat = dir.file("stick.img");
    bde::test::make_fat_image(fat, 8 << 20, "BEKSTICK");
    auto disk = scan_path(fat);
    REQUIRE(disk);
    CHECK(disk->partition_table.empty());
    REQUIRE(disk->partitions.size() == 1);
    CHECK(disk->partitions[0].number == 0);
    CHECK(disk->partitions[0].offset == 0);
    CHECK(disk->partitions[0].size == 8 << 20);
    CHECK(disk->partitions[0].fs_type == "vfat");
    CHECK(disk->partitions[0].fs_label == "BEKSTICK");

    std::string blank = dir.file("blank.img");
    bde::test::make_disk_image(blank, {"dos", 512, 4 << 20, {}});  // a table with no partitions
    auto empty = scan_path(blank);
    REQUIRE(empty);
    CHECK(empty->partitions.empty());
}

TEST_CASE("scanning a path that does not exist says so", "[unit][discovery]") {
    auto missing = scan_path("/nonexistent/disk.img");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Errc::not_found);
    auto folder = scan_path("/tmp");
    REQUIRE_FALSE(folder);
    CHECK(folder.error().code == Errc::usage);
}
