#include "discovery/blkid_reader.hpp"

#include <blkid/blkid.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <memory>
#include <vector>

#include "util/unique_fd.hpp"

namespace bde::discovery {
namespace {

struct ProbeDeleter {
    void operator()(blkid_struct_probe* p) const { blkid_free_probe(p); }
};
using ProbePtr = std::unique_ptr<blkid_struct_probe, ProbeDeleter>;

Result<ProbePtr> new_probe(int fd, std::uint64_t offset, std::uint64_t size) {
    ProbePtr probe(blkid_new_probe());
    if (!probe) return fail(Errc::internal, "Out of memory while looking at a disk.");
    if (blkid_probe_set_device(probe.get(), fd, static_cast<blkid_loff_t>(offset), static_cast<blkid_loff_t>(size)) != 0)
        return fail(Errc::io, "Cannot look at this disk's contents.", "blkid_probe_set_device failed");
    return probe;
}

std::string lookup(blkid_probe probe, const char* name) {
    const char* value = nullptr;
    if (blkid_probe_lookup_value(probe, name, &value, nullptr) != 0 || value == nullptr) return {};
    return value;
}

std::string text_or_empty(const char* s) { return s ? s : ""; }

}  // namespace

Result<PartitionTable> read_partition_table(int fd, std::uint64_t size, std::uint32_t sector_size) {
    auto probe = new_probe(fd, 0, size);
    if (!probe) return std::unexpected(probe.error());
    blkid_probe pr = probe->get();
    if (sector_size != 0) blkid_probe_set_sectorsize(pr, sector_size);
    blkid_probe_enable_superblocks(pr, 0);
    blkid_probe_enable_partitions(pr, 1);
    blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
    int rc = blkid_do_safeprobe(pr);
    if (rc < 0 && rc != -2) return fail(Errc::io, "Cannot read the partition table.", "blkid_do_safeprobe failed");

    PartitionTable table;
    blkid_partlist list = rc == 0 ? blkid_probe_get_partitions(pr) : nullptr;
    blkid_parttable root = list ? blkid_partlist_get_table(list) : nullptr;
    if (!root) return table;  // no table (or only a protective MBR whose GPT uses another sector size)
    table.type = text_or_empty(blkid_parttable_get_type(root));
    int count = blkid_partlist_numof_partitions(list);
    for (int i = 0; i < count; ++i) {
        blkid_partition part = blkid_partlist_get_partition(list, i);
        if (!part) continue;
        TableEntry e;
        e.number = blkid_partition_get_partno(part);
        // libblkid counts start and size in 512-byte units whatever the sector size.
        e.offset = static_cast<std::uint64_t>(blkid_partition_get_start(part)) * 512;
        e.size = static_cast<std::uint64_t>(blkid_partition_get_size(part)) * 512;
        if (const char* guid = blkid_partition_get_type_string(part)) e.type = guid;
        else e.type = fmt::format("0x{:02x}", blkid_partition_get_type(part));
        e.name = text_or_empty(blkid_partition_get_name(part));
        e.container = blkid_partition_is_extended(part) != 0;
        table.entries.push_back(std::move(e));
    }
    return table;
}

Result<PartitionTable> read_partition_table_past_end(int fd, std::uint32_t sector_size) {
    constexpr std::uint64_t larger_than_any_disk = 1ull << 50;
    std::vector<std::uint8_t> head(1 << 20);
    ssize_t got = pread(fd, head.data(), head.size(), 0);
    UniqueFd standin(memfd_create("bderescue-partition-table", MFD_CLOEXEC));
    if (got <= 0 || !standin || write(standin.get(), head.data(), static_cast<std::size_t>(got)) != got ||
        ftruncate(standin.get(), static_cast<off_t>(larger_than_any_disk)) != 0)
        return fail(Errc::io, "Cannot read the partition table.", std::strerror(errno));
    return read_partition_table(standin.get(), larger_than_any_disk, sector_size);
}

Result<ContentSignature> read_content_signature(int fd, std::uint64_t offset, std::uint64_t size) {
    auto probe = new_probe(fd, offset, size);
    if (!probe) return std::unexpected(probe.error());
    blkid_probe pr = probe->get();
    blkid_probe_enable_partitions(pr, 0);
    blkid_probe_enable_superblocks(pr, 1);
    blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID);
    int rc = blkid_do_safeprobe(pr);
    if (rc < 0 && rc != -2) return fail(Errc::io, "Cannot read the start of this partition.", "blkid_do_safeprobe failed");
    ContentSignature sig;
    if (rc != 0) return sig;  // 1: nothing found; -2: two signatures disagree, so claim neither
    sig.type = lookup(pr, "TYPE");
    sig.label = lookup(pr, "LABEL");
    sig.uuid = lookup(pr, "UUID");
    return sig;
}

}  // namespace bde::discovery
