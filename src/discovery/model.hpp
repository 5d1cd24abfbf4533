#pragma once
// What discovery found: every disk (or image file) and every partition on it, BitLocker or not.
// Plain values: a snapshot is taken once and never updated; call the scan again for a fresh one.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bde/volume_info.hpp"
#include "io/file_source.hpp"

namespace bde::discovery {

struct Partition {
    // What to open to read this partition: the partition device ("/dev/sda2"), or the disk or image file
    // itself at path_offset when there is no partition device (image files, loop devices without partscan).
    std::string path;
    std::uint64_t path_offset = 0;
    std::uint64_t offset = 0;     // start on the disk, in bytes
    std::uint64_t size = 0;       // bytes
    int number = 0;               // as the partition table numbers it; 0 = no table, the whole disk is the volume
    std::string type;             // GPT type GUID (lower case) or MBR type ("0x07"); empty for number 0
    std::string type_name;        // "Microsoft basic data", "EFI system", ... when known
    std::string label;            // GPT partition name
    std::string fs_type;          // as blkid names it: "ntfs", "vfat", "exfat", "ext4", "BitLocker", ...
    std::string fs_label;
    std::string fs_uuid;
    std::string mountpoint;       // empty when not mounted
    std::optional<std::uint64_t> fs_size;     // file-system size and free space, when mounted
    std::optional<std::uint64_t> free_bytes;
    bool is_bitlocker = false;               // carries a BitLocker signature (even when its metadata is unreadable)
    std::optional<VolumeInfo> bitlocker;      // its metadata, when it could be read
    std::string bitlocker_error;              // why the metadata could not be read

    // Opens the partition read-only for the rescue (marks a block device read-only while held).
    Result<std::unique_ptr<FileSource>> open() const { return FileSource::open(path, path_offset, size); }
    // "/dev/sda2", or "disk.img, partition 2" for a partition inside an image file.
    std::string display_name() const;
};

struct Disk {
    std::string path;                 // "/dev/nvme0n1", or the image file
    std::string model;                // "Samsung SSD 980 1TB", "Image file", "Loop device (/srv/disk.img)"
    std::string serial;
    std::uint64_t size = 0;           // bytes
    std::uint32_t logical_sector_size = 512;
    std::string transport;            // sata, nvme, usb, mmc, virtio, scsi, loop, md, dm, file, other
    bool removable = false;           // removable media or a drive on USB / SD card
    bool read_only = false;
    bool is_rescue_stick = false;     // the BDE Rescue stick we booted from (see rescue_stick.hpp)
    std::string partition_table;      // "gpt", "dos" or empty
    std::vector<Partition> partitions;
    std::string error;                // why the disk could not be read; the sysfs facts above are still valid
    std::vector<std::string> notes;   // worth telling the user ("partition 3 reaches beyond the end ...")

    bool is_image() const { return transport == "file"; }
    // Built into the machine: where the Windows system volume normally lives.
    bool is_internal() const;
};

// Which partition of which disk a snapshot holds; stays valid as long as the snapshot is not changed.
struct VolumeRef {
    std::size_t disk = 0;
    std::size_t partition = 0;
};

struct Snapshot {
    std::vector<Disk> disks;

    const Disk& disk_of(VolumeRef r) const { return disks.at(r.disk); }
    const Partition& partition_of(VolumeRef r) const { return disks.at(r.disk).partitions.at(r.partition); }
};

}  // namespace bde::discovery
