// The core backend's second half: the unlocked volume's files (read-only mount), destinations, the copy
// and the image.
#include <filesystem>

#include <fmt/format.h>

#include "copy/copy_engine.hpp"
#include "copy/dest_fs.hpp"
#include "copy/folder_size.hpp"
#include "copy/manifest.hpp"
#include "core_backend.hpp"
#include "current_file_progress.hpp"
#include "file_tree.hpp"
#include "discovery/mounts.hpp"
#include "imaging/imager.hpp"
#include "io/same_disk.hpp"

namespace bde::tui {

namespace {

namespace fs = std::filesystem;

bool writable_filesystem(const std::string& fs) {
    return fs == "vfat" || fs == "exfat" || fs == "ntfs" || fs == "ext4" || fs == "ext3" || fs == "btrfs" || fs == "xfs";
}

}  // namespace

Result<CoreBackend::Session*> CoreBackend::session(const std::string& drive) {
    auto it = sessions_.find(drive);
    if (it == sessions_.end()) return fail(Errc::usage, "This drive is not unlocked yet.");
    return &it->second;
}

Result<std::string> CoreBackend::files_root(const std::string& drive) {
    auto s = session(drive);
    if (!s) return std::unexpected(s.error());
    if (!(*s)->mount || !(*s)->mount->still_mounted()) {
        const Known* k = known(drive);
        auto mounted = MountedVolume::mount((*s)->opened->volume,
                                            MountRequest{.source_label = k ? k->partition.display_name() : drive});
        if (!mounted) return std::unexpected(mounted.error());
        (*s)->mount = std::move(*mounted);
    }
    return (*s)->mount->mountpoint();
}

Result<std::string> CoreBackend::mount_read_only(const std::string& drive) { return files_root(drive); }

Result<std::vector<DirEntry>> CoreBackend::list_directory(const std::string& drive, const std::string& path) {
    auto root = files_root(drive);
    if (!root) return std::unexpected(root.error());
    std::vector<DirEntry> out;
    std::error_code ec;
    WalkBudget budget;  // folder sizes: what can be counted in about a second
    fs::directory_iterator it(fs::path(*root) / path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::error_code e;
        auto status = it->symlink_status(e);  // links and junctions are never followed
        DirEntry entry{.name = it->path().filename().string(), .is_dir = fs::is_directory(status)};
        if (fs::is_regular_file(status)) entry.size = it->file_size(e);
        if (entry.is_dir) {
            FolderSize size = folder_size(it->path().string(), budget);
            entry.size = size.bytes;
            entry.size_known = size.complete;
        }
        out.push_back(std::move(entry));
    }
    if (ec)
        return fail(Errc::io, fmt::format("The folder \\{} cannot be read.", FileTree::windows_path(path)), ec.message());
    return out;
}

Result<std::vector<Destination>> CoreBackend::list_destinations(const std::string& source_drive) {
    const Known* source = known(source_drive);
    std::vector<Destination> out;
    for (const auto& [handle, k] : known_) {
        const auto& p = k.partition;
        if (p.is_bitlocker || !writable_filesystem(p.fs_type)) continue;
        Destination d{.handle = handle, .device = p.display_name(), .label = p.fs_label, .model = k.model,
                      .filesystem = p.fs_type, .total = p.size};
        if (!p.mountpoint.empty()) {
            if (auto space = discovery::space_usage(p.mountpoint)) d.free = space->free, d.total = space->size;
            else d.free_known = false;
        } else if (auto seen = free_seen_.find(handle); seen != free_seen_.end()) {
            d.free = seen->second;
        } else {
            d.free_known = false;
        }
        if (source && k.disk == source->disk) {
            d.usable = false;
            d.problem = "On the disk being rescued: never written to.";
        } else if (k.read_only) {
            d.usable = false;
            d.problem = "This drive is write-protected.";
        }
        out.push_back(std::move(d));
    }
    return out;
}

Result<std::string> CoreBackend::destination_dir(const std::string& handle) {
    const Known* k = known(handle);
    if (!k) return fail(Errc::not_found, "This drive is no longer there. Press r to look again.");
    if (!k->partition.mountpoint.empty()) return k->partition.mountpoint;
    if (k->partition.path_offset != 0)
        return fail(Errc::destination, "A partition inside an image file cannot receive copies. Choose a drive.");
    return destinations_.mount(k->partition.path, k->partition.fs_type);
}

Result<std::string> CoreBackend::copy_target(const CopyRequest& request) {
    auto dir = destination_dir(request.destination);
    if (!dir) return std::unexpected(dir.error());
    std::string target = (fs::path(*dir) / request.folder).string();
    const Known* source = known(request.drive);
    if (source)
        if (auto same = ensure_destination_not_on_source(source->where.path, target); !same)
            return std::unexpected(same.error());
    return target;
}

Result<CopyPlan> CoreBackend::plan_copy(const CopyRequest& request) {
    auto root = files_root(request.drive);
    if (!root) return std::unexpected(root.error());
    auto target = copy_target(request);
    if (!target) return std::unexpected(target.error());
    auto limits = probe_destination(fs::path(*target).parent_path().string());
    if (!limits) return std::unexpected(limits.error());
    bde::CopyPlan plan = bde::plan_copy(*root, request.paths, *limits, PlanOptions{});
    std::error_code ec;
    CopyPlan out{.files = plan.files.size(), .bytes = plan.total_bytes, .free = limits->free_bytes,
                 .free_known = limits->free_known, .target = *target, .folder_exists = fs::exists(*target, ec)};
    for (const auto& issue : plan.issues)
        if (issue.kind == PlanIssue::Kind::too_big) {
            ++out.too_big_files;
            out.too_big_bytes += issue.size;
        }
    if (auto n = plan.count(PlanIssue::Kind::renamed))
        out.warnings.push_back(fmt::format("{} name(s) are not allowed on this drive and get a close name (listed in the "
                                           "report).", n));
    if (auto n = plan.count(PlanIssue::Kind::unreadable) + plan.count(PlanIssue::Kind::not_found))
        out.warnings.push_back(fmt::format("{} file(s) or folder(s) could not be read while counting.", n));
    if (auto n = plan.count(PlanIssue::Kind::cache_skipped))
        out.warnings.push_back(fmt::format("{} cache folder(s) are left out (browser and app caches).", n));
    if (limits->read_only) out.warnings.push_back("This drive is read-only: nothing can be written to it.");
    return out;
}

Result<CopyResult> CoreBackend::copy(const CopyRequest& request, const CopyCallbacks& cb) {
    auto root = files_root(request.drive);
    if (!root) return std::unexpected(root.error());
    auto target = copy_target(request);
    if (!target) return std::unexpected(target.error());
    Session* s = *session(request.drive);
    const Known* source = known(request.drive);

    CopyOptions options{.selection = request.paths,
                        .skip_caches = true,  // as plan_copy() above told the person
                        .source_label = source ? source->partition.display_name() : request.drive,
                        .source_device = source ? source->where.path : "",
                        .fix_mtime = s->mount->mtime_fix()};
    bool stop = false;
    std::uint64_t errors = 0;
    bde::CopyCallbacks engine;
    CurrentFileProgress current;
    engine.confirm = [&current](const bde::CopyPlan& plan) {  // the person confirmed on the screen
        std::vector<std::pair<std::string, std::uint64_t>> files;
        for (const auto& f : plan.files) files.emplace_back(f.path, f.size);
        current.set_plan(files);
        return true;
    };
    engine.progress = [&](const bde::CopyProgress& p) {
        auto [file_done, file_total] = current.of(p.current, p.bytes_done);
        stop = !cb.progress({.files_done = p.files_done, .files_total = p.files_total, .bytes_done = p.bytes_done,
                             .bytes_total = p.bytes_total, .current_file = p.current, .current_done = file_done,
                             .current_total = file_total, .errors = errors});
    };
    engine.file_error = [&](const std::string& path, const Error& e) {
        FailureChoice choice = cb.on_failure({path, e.message});
        if (choice != FailureChoice::retry) ++errors;
        switch (choice) {
            case FailureChoice::retry: return ErrorDecision::retry;
            case FailureChoice::skip: return ErrorDecision::skip;
            case FailureChoice::skip_all: return ErrorDecision::skip_all;
            case FailureChoice::abort: return ErrorDecision::abort;
        }
        return ErrorDecision::skip;
    };
    engine.cancelled = [&] { return stop || (cb.cancelled && cb.cancelled()); };
    auto r = copy_files(*root, *target, options, engine);
    CopyResult out{.target = *target, .report = (fs::path(*target) / kReportName).string()};
    if (!r) {
        if (r.error().code != Errc::cancelled) return std::unexpected(r.error());
        out.cancelled = true;
        return out;
    }
    out.copied_files = r->files_copied;
    out.already_there_files = r->files_already_done;
    out.copied_bytes = r->bytes_copied;
    out.failed_files = r->failed.size();
    out.skipped_files = r->plan.count(PlanIssue::Kind::too_big);
    return out;
}

Result<CopyResult> CoreBackend::make_image(const CopyRequest& request, const CopyCallbacks& cb) {
    auto s = session(request.drive);
    if (!s) return std::unexpected(s.error());
    auto target = copy_target(request);
    if (!target) return std::unexpected(target.error());
    std::error_code ec;
    fs::create_directories(*target, ec);
    if (ec) return fail(Errc::destination, fmt::format("Cannot make the folder {}.", *target), ec.message());
    const Known* source = known(request.drive);
    std::string name = source ? fs::path(source->partition.path).filename().string() : "volume";
    if (source && source->partition.number > 0) name += fmt::format("-partition{}", source->partition.number);
    std::string out_path = (fs::path(*target) / (name + "-decrypted.img")).string();

    ImageOptions options{.mapfile_path = out_path + ".map", .command_line = "bderescue (rescue screen)"};
    bool stop = false;
    std::uint64_t bad_areas = 0;
    ImageCallbacks callbacks;
    callbacks.progress = [&](const ImageProgress& p) {
        stop = !cb.progress({.files_done = 0, .files_total = 1, .bytes_done = p.done_bytes, .bytes_total = p.total_bytes,
                             .errors = bad_areas});
    };
    callbacks.read_error = [&](std::uint64_t, std::uint64_t, const Error&) { ++bad_areas; };
    callbacks.cancelled = [&] { return stop || (cb.cancelled && cb.cancelled()); };
    auto r = write_image(*(*s)->opened->volume, out_path, source ? source->where.path : "", options, callbacks);
    CopyResult result{.target = out_path, .report = out_path + ".map"};
    if (!r) {
        if (r.error().code != Errc::cancelled) return std::unexpected(r.error());
        result.cancelled = true;
        return result;
    }
    result.copied_files = 1;
    result.copied_bytes = r->total_bytes - r->bad_bytes;
    result.failed_files = r->bad_bytes ? 1 : 0;
    return result;
}

}  // namespace bde::tui
