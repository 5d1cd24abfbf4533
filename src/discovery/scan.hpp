#pragma once
// Finding disks, partitions and BitLocker volumes: on the whole machine, or in the image files and
// device nodes a user names. Reads a few sectors per partition; never writes and never changes a
// device's settings.
#include <functional>
#include <string>

#include "discovery/model.hpp"

namespace bde::discovery {

struct ScanOptions {
    // Called before each disk is read ("/dev/sdb"): a failing disk can take a while to answer.
    std::function<void(const std::string& disk_path)> on_disk;
};

// Every disk of this machine with its partitions. Disks that cannot be read (no permission, no medium,
// I/O error) are still listed, with Disk::error saying why.
Snapshot scan_machine(const ScanOptions& options = {});

// A fresh look at the machine, e.g. after the user plugged in a drive. Nothing is cached between scans.
inline Snapshot rescan(const ScanOptions& options = {}) { return scan_machine(options); }

// One image file (a whole-disk image with a partition table, or a bare volume) or device node.
// Errc::not_found when it does not exist.
Result<Disk> scan_path(const std::string& path, const ScanOptions& options = {});

}  // namespace bde::discovery
