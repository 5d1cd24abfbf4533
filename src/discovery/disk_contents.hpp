#pragma once
// Turns what is on one disk or image into Partition values: the partition table (or the whole disk as
// one volume when it has none), each partition's file system, BitLocker metadata and mount point.
#include <vector>

#include "discovery/model.hpp"
#include "discovery/mounts.hpp"
#include "discovery/probe_source.hpp"
#include "discovery/sysfs_disks.hpp"

namespace bde::discovery {

struct DiskContext {
    std::vector<SysfsPartition> kernel_partitions;  // partition devices the kernel made for this disk
    std::string dev;                                // the disk's own "major:minor" (for a mount of the whole disk)
    const std::vector<Mount>* mounts = nullptr;     // null for image files
};

// Fills disk.partition_table, disk.partitions and (image files) disk.logical_sector_size.
// An image file's table is read with 512- and 4096-byte sectors and the reading that fits is kept.
void read_disk_contents(Disk& disk, const ProbeSource& source, const DiskContext& context);

}  // namespace bde::discovery
