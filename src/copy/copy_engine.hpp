#pragma once
// Copies files from a mounted (read-only) source tree to a destination folder. UI-free: progress,
// the go-ahead after planning and what to do about unreadable files all go through callbacks.
// Guarantees: a file appears under its real name only once it is complete and synced (it is written as
// name.bderescue-partial first); the manifest records what is done, so re-running the same copy skips
// finished files and redoes the rest; a full, read-only or vanished destination stops the run cleanly.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "copy/manifest.hpp"
#include "copy/plan.hpp"

namespace bde {

struct CopyOptions {
    std::vector<std::string> selection;  // source-relative; empty = default selection (profiles minus caches)
    bool verify = false;                 // re-read source and destination and compare SHA-256
    // Leave out browser/app caches and temp folders. Default: only for the default selection (explicit
    // PATHs on the command line copy everything asked); the rescue screen's presets always leave them out.
    std::optional<bool> skip_caches;
    std::string source_label;            // what VOL was, recorded in the manifest and report
    std::string source_device;           // VOL path for the same-disk check (empty = skip)
    std::size_t block_size = 1u << 20;
    std::chrono::milliseconds progress_interval{500};
    std::chrono::milliseconds manifest_interval{2000};
    // Corrects timestamps the source driver reports wrongly (fusefat's month offset); identity if empty.
    std::function<std::int64_t(std::int64_t mtime_ns)> fix_mtime;
};

struct CopyProgress {
    std::size_t files_done = 0, files_total = 0;  // done includes skipped (already copied) and failed
    std::uint64_t bytes_done = 0, bytes_total = 0;
    std::string current;  // source-relative path of the file being copied
    double bytes_per_second = 0;
    std::optional<std::uint64_t> eta_seconds;
    bool verifying = false;
};

enum class ErrorDecision { retry, skip, skip_all, abort };

struct CopyCallbacks {
    // After planning: return false to stop before anything is written (the plan shows problems and space).
    std::function<bool(const CopyPlan&)> confirm;
    std::function<void(const CopyProgress&)> progress;  // at most every progress_interval
    // A file could not be read even after one automatic retry. Default (no callback): skip.
    std::function<ErrorDecision(const std::string& path, const Error&)> file_error;
    std::function<void(const std::string& path, const std::string& what)> file_note;  // renamed, refused, ...
    std::function<bool()> cancelled;
};

struct CopyResult {
    CopyPlan plan;
    std::size_t files_copied = 0;        // in this run
    std::size_t files_already_done = 0;  // skipped: done in an earlier run
    std::uint64_t bytes_copied = 0;
    std::vector<std::pair<std::string, std::string>> failed;  // path, reason (unreadable, refused)
    std::size_t verified = 0;
    std::vector<std::string> verify_mismatches;
    double seconds = 0;
    bool complete() const { return failed.empty() && verify_mismatches.empty(); }
};

// Errc::destination (unusable/full/vanished destination; resumable), Errc::cancelled, Errc::usage.
// Some files failing is not an error here: see CopyResult::failed (the CLI turns it into Errc::partial).
Result<CopyResult> copy_files(const std::string& source_root, const std::string& dest_dir, const CopyOptions& options,
                              const CopyCallbacks& callbacks);

// The human-readable report written as bderescue-report.txt.
std::string format_copy_report(const CopyResult& result, const CopyOptions& options, const std::string& dest_dir);

}  // namespace bde
