#include "discovery/scan.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "discovery/disk_contents.hpp"
#include "discovery/rescue_stick.hpp"

namespace bde::discovery {
namespace {

Disk disk_from_sysfs(const SysfsDisk& s) {
    Disk d;
    d.path = "/dev/" + s.name;
    d.model = s.model;
    d.serial = s.serial;
    d.size = s.size;
    d.logical_sector_size = s.logical_sector_size;
    d.transport = s.transport;
    d.removable = s.removable;
    d.read_only = s.read_only;
    return d;
}

void read_device(Disk& disk, const DiskContext& context, const ScanOptions& options) {
    if (options.on_disk) options.on_disk(disk.path);
    auto source = ProbeSource::open(disk.path);
    if (!source) {
        disk.error = source.error().message;
        return;
    }
    read_disk_contents(disk, **source, context);
}

Result<Disk> scan_device_node(const std::string& path, dev_t rdev, const ScanOptions& options) {
    auto name = sysfs_name_of(major(rdev), minor(rdev));
    auto sysfs = name ? read_sysfs_disk(name->disk) : std::nullopt;
    if (!sysfs) return fail(Errc::not_found, fmt::format("{} is not a disk this system knows.", path));
    auto mounts = read_mounts();
    Disk disk = disk_from_sysfs(*sysfs);
    DiskContext context{sysfs->partitions, sysfs->dev, &mounts};
    if (!name->partition.empty()) {
        // A single partition given by name: read it as a disk of its own, holding one volume.
        auto part = std::find_if(sysfs->partitions.begin(), sysfs->partitions.end(),
                                 [&](const SysfsPartition& p) { return p.name == name->partition; });
        if (part == sysfs->partitions.end())
            return fail(Errc::not_found, fmt::format("{} is not a partition this system knows.", path));
        disk.path = "/dev/" + part->name;
        disk.size = part->size;
        context = DiskContext{{}, part->dev, &mounts};
    }
    read_device(disk, context, options);
    return disk;
}

Result<Disk> scan_image(const std::string& path, const ScanOptions& options) {
    if (options.on_disk) options.on_disk(path);
    auto source = ProbeSource::open(path);
    if (!source) return std::unexpected(source.error());
    Disk disk;
    disk.path = path;
    disk.model = "Image file";
    disk.transport = "file";
    disk.size = (*source)->size();
    disk.read_only = access(path.c_str(), W_OK) != 0;
    read_disk_contents(disk, **source, DiskContext{});
    return disk;
}

}  // namespace

Snapshot scan_machine(const ScanOptions& options) {
    Snapshot snapshot;
    auto mounts = read_mounts();
    for (const SysfsDisk& s : list_sysfs_disks()) {
        Disk disk = disk_from_sysfs(s);
        read_device(disk, DiskContext{s.partitions, s.dev, &mounts}, options);
        snapshot.disks.push_back(std::move(disk));
    }
    mark_rescue_stick(snapshot);
    return snapshot;
}

Result<Disk> scan_path(const std::string& path, const ScanOptions& options) {
    struct stat st{};
    if (stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return fail(Errc::not_found, fmt::format("{} does not exist.", path));
        return fail(Errc::io, fmt::format("Cannot look at {}.", path), std::strerror(errno));
    }
    if (S_ISBLK(st.st_mode)) return scan_device_node(path, st.st_rdev, options);
    return scan_image(path, options);
}

}  // namespace bde::discovery
