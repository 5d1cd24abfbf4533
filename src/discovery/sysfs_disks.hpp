#pragma once
// What the kernel says about each disk under /sys/block: model, serial, size, sector size, how it is
// attached, and which partition devices it created. No device is opened here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bde::discovery {

struct SysfsPartition {
    std::string name;          // "sda2", "nvme0n1p3"
    int number = 0;
    std::uint64_t offset = 0;  // bytes
    std::uint64_t size = 0;    // bytes
    std::string dev;           // "8:2"
};

struct SysfsDisk {
    std::string name;  // "sda"
    std::string dev;   // "8:0"
    std::string model;
    std::string serial;
    std::string transport;  // see transport_from_device_path
    std::uint64_t size = 0;
    std::uint32_t logical_sector_size = 512;
    bool removable = false;
    bool read_only = false;
    std::vector<SysfsPartition> partitions;
};

// Every disk worth looking at, sorted by name. Left out: RAM disks and zram, loop devices with no file
// behind them, device-mapper devices that hold nothing, hidden multipath paths and drives without media.
std::vector<SysfsDisk> list_sysfs_disks(const std::string& sysfs_root = "/sys");

// One disk by its kernel name ("sdb"), whether or not list_sysfs_disks would keep it.
std::optional<SysfsDisk> read_sysfs_disk(const std::string& name, const std::string& sysfs_root = "/sys");

// The kernel name of a block device number, and of the disk it belongs to when it is a partition.
struct SysfsName {
    std::string disk;       // "sda"
    std::string partition;  // "sda2", or empty when the number is the whole disk
};
std::optional<SysfsName> sysfs_name_of(unsigned major, unsigned minor, const std::string& sysfs_root = "/sys");

// "usb", "nvme", "sata", "mmc", "virtio", "scsi", "loop", "md", "dm" or "other", from the disk's kernel
// name and the resolved path of /sys/block/<name> (e.g. /sys/devices/pci0000:00/.../usb2/.../block/sdb).
std::string transport_from_device_path(std::string_view name, std::string_view device_path);

// The serial number in a raw SCSI VPD page 0x80 (4-byte header, then space-padded ASCII).
std::string serial_from_vpd_page80(std::string_view raw);

// The name shown for a disk from sysfs' vendor and model strings (padded, sometimes the vendor repeated in the
// model: "QEMU" + "QEMU HARDDISK"; libata's "ATA" and PCI ids are not vendors).
std::string disk_model_name(std::string_view vendor, std::string_view model);

}  // namespace bde::discovery
