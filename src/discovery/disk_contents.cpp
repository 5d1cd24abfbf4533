#include "discovery/disk_contents.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "bde/volume_info.hpp"
#include "discovery/blkid_reader.hpp"
#include "discovery/partition_types.hpp"

namespace bde::discovery {
namespace {

bool fits(const TableEntry& e, std::uint64_t disk_size) {
    return e.size > 0 && e.offset < disk_size && e.size <= disk_size - e.offset;
}

// How well a table read with one sector size matches the disk: -1 when a partition would lie beyond its
// end (unless the image is known to be cut short), else how many partitions start with something
// recognisable. An MBR does not say its sector size, so a 4096-byte disk read as 512 gives a table too,
// with every partition in the wrong place.
int plausibility(const PartitionTable& table, const ProbeSource& source, bool must_fit) {
    int score = 0;
    for (const auto& e : table.entries) {
        if (e.container) continue;
        if (!fits(e, source.size())) {
            if (must_fit) return -1;
            if (e.offset >= source.size()) continue;
        }
        auto sig = read_content_signature(source.fd(), e.offset, e.size);
        if ((sig && !sig->type.empty()) || looks_like_bitlocker(*source.window(e.offset, e.size))) ++score;
    }
    return score;
}

struct ChosenTable {
    PartitionTable table;
    std::uint32_t sector_size = 512;
};

ChosenTable choose_table(const ProbeSource& source) {
    if (source.is_block_device()) {
        // The kernel knows the device's sector size and libblkid asks it.
        return {read_partition_table(source.fd(), source.size()).value_or(PartitionTable{}), source.sector_size()};
    }
    // First as the image is; then, when no table fits, as an image cut short of the disk it copies.
    for (bool cut_short : {false, true}) {
        ChosenTable best;
        int best_score = -1;
        for (std::uint32_t sector : {512u, 4096u}) {
            auto table = read_partition_table(source.fd(), source.size(), sector);
            if (cut_short && table && table->entries.empty()) table = read_partition_table_past_end(source.fd(), sector);
            if (!table || table->entries.empty()) continue;
            int score = plausibility(*table, source, !cut_short);
            if (score > best_score) {  // ties keep 512, by far the most common
                best = {std::move(*table), sector};
                best_score = score;
            }
        }
        if (!best.table.entries.empty()) return best;
    }
    return {};
}

void describe_content(Partition& p, const ProbeSource& disk_source) {
    auto window = disk_source.window(p.offset, p.size);
    if (auto sig = read_content_signature(disk_source.fd(), p.offset, p.size)) {
        p.fs_type = sig->type;
        p.fs_label = sig->label;
        p.fs_uuid = sig->uuid;
    }
    // Either check is enough: libblkid knows the signature as "BitLocker", the volume layer checks its own.
    p.is_bitlocker = looks_like_bitlocker(*window) || p.fs_type == "BitLocker";
    if (!p.is_bitlocker) return;
    auto info = read_volume_info(*window);
    if (info) p.bitlocker = std::move(*info);
    else p.bitlocker_error = info.error().message;
}

void describe_mount(Partition& p, const std::string& dev, const std::vector<Mount>& mounts) {
    auto mount = find_mount(mounts, dev, p.path);
    if (!mount) return;
    p.mountpoint = mount->mountpoint;
    if (auto usage = space_usage(p.mountpoint)) {
        p.fs_size = usage->size;
        p.free_bytes = usage->free;
    }
}

const SysfsPartition* kernel_partition(const DiskContext& context, const TableEntry& e) {
    for (const auto& k : context.kernel_partitions)
        if (k.number == e.number && k.offset == e.offset) return &k;
    return nullptr;
}

}  // namespace

void read_disk_contents(Disk& disk, const ProbeSource& source, const DiskContext& context) {
    ChosenTable chosen = choose_table(source);
    disk.partition_table = chosen.table.type;
    if (!source.is_block_device()) disk.logical_sector_size = chosen.sector_size;
    disk.partitions.clear();

    for (const auto& e : chosen.table.entries) {
        if (e.container) continue;
        Partition p;
        p.number = e.number;
        p.offset = e.offset;
        p.size = fits(e, source.size()) ? e.size : source.size() - std::min(e.offset, source.size());
        p.type = e.type;
        p.type_name = partition_type_name(e.type);
        p.label = e.name;
        std::string dev;
        if (const SysfsPartition* k = kernel_partition(context, e)) {
            p.path = "/dev/" + k->name;
            dev = k->dev;
        } else {
            p.path = disk.path;
            p.path_offset = e.offset;
        }
        if (p.size > 0) describe_content(p, source);
        if (context.mounts && !dev.empty()) describe_mount(p, dev, *context.mounts);
        if (p.size < e.size)
            disk.notes.push_back(fmt::format("Partition {} reaches beyond the end of {}: only its first {} bytes are "
                                             "there (an incomplete copy of a disk?).", e.number, disk.path, p.size));
        disk.partitions.push_back(std::move(p));
    }
    if (!chosen.table.entries.empty()) return;

    // No partition table: the whole disk may be one volume (a USB stick formatted without partitions,
    // a bare volume image).
    Partition whole;
    whole.path = disk.path;
    whole.size = source.size();
    describe_content(whole, source);
    if (whole.fs_type.empty() && !whole.is_bitlocker) return;
    if (context.mounts) describe_mount(whole, context.dev, *context.mounts);
    disk.partitions.push_back(std::move(whole));
}

}  // namespace bde::discovery
