#pragma once
// Before copying anything: walk the selection (never following links or junctions), count files and
// bytes, check the destination's free space and file-system limits, and decide each file's name there.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "copy/dest_fs.hpp"

namespace bde {

struct PlannedFile {
    std::string path;  // relative to the source root
    std::string dest;  // relative to the destination
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
};

struct PlannedDir {
    std::string path, dest;
    std::int64_t mtime_ns = 0;
};

struct PlanIssue {
    enum class Kind { renamed, too_big, unreadable, link_skipped, cache_skipped, not_found, path_too_long };
    Kind kind;
    std::string path;    // source-relative
    std::string detail;  // new name for renamed, a reason otherwise
    std::uint64_t size = 0;
};

struct CopyPlan {
    std::vector<PlannedDir> dirs;  // parents before children
    std::vector<PlannedFile> files;
    std::uint64_t total_bytes = 0;
    std::vector<PlanIssue> issues;
    DestLimits dest;
    std::uint64_t bytes_needed = 0;  // for files not already done (set by the engine on resume)
    // Unknown free space is not refused: the copy stops cleanly and resumably if the drive does fill up.
    bool fits() const { return !dest.free_known || bytes_needed <= dest.free_bytes; }
    std::size_t count(PlanIssue::Kind k) const;
};

struct PlanOptions {
    bool skip_caches = true;  // the default selection skips caches; explicit PATHs copy everything asked
};

// selection: source-relative paths (files or folders). progress(files_seen) is called now and then.
CopyPlan plan_copy(const std::string& source_root, const std::vector<std::string>& selection, const DestLimits& dest,
                   const PlanOptions& options, const std::function<void(std::size_t)>& progress = {});

}  // namespace bde
