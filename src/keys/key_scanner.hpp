#pragma once
// Finds BitLocker keys in files and folder trees (a technician's USB stick, a mounted Windows drive): .BEK
// startup keys, recovery-key .TXT files, AD/Entra/PowerShell key lists and any small text file holding keys.
// Read-only and bounded: regular files only, opened O_NOFOLLOW|O_NONBLOCK (a FIFO or device never blocks
// the scan), symbolic links inside a tree are not followed, folders are visited once (device + inode) and
// only on the starting file system, to a depth limit; large files are skipped with a note. Hostile or
// damaged files give a note and never stop the scan. Reports through callbacks; never prints.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "keys/found_key.hpp"

namespace bde {

struct KeyScanOptions {
    std::uint64_t max_file_size = 16 * 1024 * 1024;  // larger files are skipped with a note
    std::uint64_t max_sniff_size = 1024 * 1024;      // files with other names are looked into only up to this
    int max_depth = 16;                              // folder levels below each starting folder
    std::size_t max_entries = 500000;                // directory entries examined in all, then the scan stops
};

struct KeyScanCallbacks {
    std::function<bool(const std::string& path)> on_file;  // before a file is read; return false to stop
    std::function<void(const KeyNote& note)> on_note;
};

struct KeyScanResult {
    std::vector<FoundKey> keys;    // each key once, with every file it was found in
    std::vector<KeyNote> notes;
    std::vector<std::string> missing;  // starting paths that do not exist
    std::size_t files_read = 0;
    bool stopped = false;          // on_file asked to stop, or max_entries was reached

    std::vector<const FoundKey*> keys_for(const std::vector<KeyId>& protector_ids,
                                          UnidentifiedKeys unidentified = UnidentifiedKeys::exclude) const {
        return bde::keys_for(keys, protector_ids, unidentified);
    }
    std::vector<const FoundKey*> keys_for(const std::vector<KeyIdPattern>& patterns,
                                          UnidentifiedKeys unidentified = UnidentifiedKeys::exclude) const {
        return bde::keys_for(keys, patterns, unidentified);
    }
};

KeyScanResult scan_for_keys(const std::vector<std::string>& paths, const KeyScanOptions& options = {},
                            const KeyScanCallbacks& callbacks = {});

}  // namespace bde
