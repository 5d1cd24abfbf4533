#pragma once
// What libblkid reads from a disk: its partition table (GPT, MBR with logical partitions, ...) and the
// file-system signature of a region. libblkid does the parsing; this only turns its answers into values.
#include <cstdint>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace bde::discovery {

struct TableEntry {
    int number = 0;
    std::uint64_t offset = 0;  // bytes from the start of the disk
    std::uint64_t size = 0;    // bytes
    std::string type;          // GPT type GUID, or "0x07" for MBR
    std::string name;          // GPT partition name
    bool container = false;    // an MBR extended partition: holds the logical ones, no data of its own
};

struct PartitionTable {
    std::string type;  // "gpt", "dos", ... empty when the disk has none
    std::vector<TableEntry> entries;
};

struct ContentSignature {
    std::string type;   // "ntfs", "vfat", "BitLocker", ... empty when nothing is recognised
    std::string label;
    std::string uuid;
};

// Reads the partition table of the first `size` bytes of fd. sector_size 0 keeps what libblkid finds
// (the device's logical sector size, or 512 for a file); image files need 4096 tried explicitly.
Result<PartitionTable> read_partition_table(int fd, std::uint64_t size, std::uint32_t sector_size = 0);

// The same for an image cut short (a copy of a dying disk that stopped early): libblkid rejects a GPT
// describing a disk larger than what it reads, so it is shown a stand-in as large as any disk, holding
// the image's first MiB where the tables live.
Result<PartitionTable> read_partition_table_past_end(int fd, std::uint32_t sector_size);

// Which file system (or BitLocker, LUKS, swap ...) starts at offset; empty type when none or ambiguous.
Result<ContentSignature> read_content_signature(int fd, std::uint64_t offset, std::uint64_t size);

}  // namespace bde::discovery
