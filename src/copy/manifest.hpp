#pragma once
// The record of a copy, kept next to it as JSON lines (bderescue-manifest.jsonl): one header line, then
// one line per file with path, size, modification time, SHA-256 and status. Rewritten atomically, so a
// resumed run (after Ctrl-C, kill -9 or a pulled plug) trusts exactly what is recorded.
#include <cstdint>
#include <map>
#include <string>

#include "util/error.hpp"

namespace bde {

inline constexpr const char* kManifestName = "bderescue-manifest.jsonl";
inline constexpr const char* kReportName = "bderescue-report.txt";
inline constexpr const char* kPartialSuffix = ".bderescue-partial";

enum class FileStatus { copied, verified, failed, verify_failed, refused };
const char* file_status_name(FileStatus s);

struct ManifestEntry {
    std::string path;  // relative to the source root
    std::string dest;  // relative to the destination (differs when renamed)
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string sha256;  // of the bytes read from the source while copying
    FileStatus status = FileStatus::copied;
    std::string error;  // for failed/refused
};

struct Manifest {
    std::string source;  // what was copied ("/dev/sda3", "disk.img"), checked on resume
    std::map<std::string, ManifestEntry> entries;  // by path

    static Result<Manifest> load(const std::string& dest_dir);  // missing file = empty manifest
    Result<void> save(const std::string& dest_dir) const;
    bool exists_in(const std::string& dest_dir) const;
};

}  // namespace bde
