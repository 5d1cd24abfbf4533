#include "copy/copy_engine.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>

#include "copy/selection.hpp"
#include "io/same_disk.hpp"
#include "io/sha256.hpp"
#include "io/zero_detect.hpp"
#include "util/unique_fd.hpp"

namespace bde {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// What went wrong on the destination side, in words a user can act on.
Error dest_error(const std::string& dest_dir, int e, const std::string& file) {
    std::string detail = fmt::format("{}: {}", file, std::strerror(e));
    switch (e) {
        case ENOSPC:
        case EDQUOT:
            return {Errc::destination,
                    fmt::format("The destination {} is full. Free some space or use a bigger drive, then run the same "
                                "command again: it continues where it stopped.",
                                dest_dir),
                    detail};
        case EROFS:
            return {Errc::destination,
                    fmt::format("The destination {} became read-only (the drive may have an error or was unplugged). "
                                "Check it, then run the same command again to continue.",
                                dest_dir),
                    detail};
        default:
            return {Errc::destination,
                    fmt::format("Writing to {} failed: the drive may have been unplugged or is failing. Check it, then "
                                "run the same command again to continue.",
                                dest_dir),
                    detail};
    }
}

struct timespec to_timespec(std::int64_t ns) {
    struct timespec ts{};
    ts.tv_sec = static_cast<time_t>(ns / 1000000000);
    ts.tv_nsec = static_cast<long>(ns % 1000000000);
    if (ts.tv_nsec < 0) {
        ts.tv_nsec += 1000000000;
        --ts.tv_sec;
    }
    return ts;
}

// Hash a file's content, reading it from the device rather than the page cache where possible.
Result<std::string> hash_file(const std::string& path, std::vector<std::uint8_t>& buf, const std::function<bool()>& cancelled,
                              const std::function<void(std::size_t)>& on_bytes) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) return fail(Errc::io, fmt::format("Cannot open {}.", path), std::strerror(errno));
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED);
    Sha256 sha;
    while (true) {
        if (cancelled && cancelled()) return fail(Errc::cancelled, "Verification was stopped.");
        ssize_t n = ::read(fd.get(), buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(Errc::io, fmt::format("Read error in {}.", path), std::strerror(errno));
        if (n == 0) break;
        sha.update(std::span(buf.data(), static_cast<std::size_t>(n)));
        if (on_bytes) on_bytes(static_cast<std::size_t>(n));
    }
    return sha.finish_hex();
}

class Copier {
public:
    Copier(const std::string& src, const std::string& dst, const CopyOptions& opt, const CopyCallbacks& cb)
        : src_(src), dst_(dst), opt_(opt), cb_(cb) {}

    Result<CopyResult> run() {
        start_ = last_progress_ = last_save_ = Clock::now();
        if (auto r = prepare(); !r) return std::unexpected(r.error());
        buf_.resize(opt_.block_size);

        progress_.files_total = res_.plan.files.size();
        progress_.bytes_total = res_.plan.total_bytes;
        for (const auto& issue : res_.plan.issues) {
            if (issue.kind == PlanIssue::Kind::too_big || issue.kind == PlanIssue::Kind::path_too_long) {
                res_.failed.emplace_back(issue.path, issue.detail);
                note(issue.path, "not copied: " + issue.detail);
                record(issue.path, issue.path, issue.size, 0, "", FileStatus::refused, issue.detail);
            } else if (issue.kind == PlanIssue::Kind::renamed) {
                note(issue.path, "renamed to " + issue.detail + " (not allowed on the destination as it was)");
            }
        }
        for (const auto& d : res_.plan.dirs) {
            if (d.dest.empty()) continue;
            if (::mkdir((dst_ + "/" + d.dest).c_str(), 0755) != 0 && errno != EEXIST)
                return stop_with(dest_error(dst_, errno, d.dest));
        }
        for (const auto& f : res_.plan.files) {
            if (cancelled()) return stop_with(cancel_error());
            progress_.current = f.path;
            if (already_done(f)) {
                ++res_.files_already_done;
                ++progress_.files_done;
                committed_bytes_ += f.size;
                continue;
            }
            auto r = copy_file(f);
            if (!r) return stop_with(r.error());
            ++progress_.files_done;
            maybe_save();
        }
        // Folder times last: creating files inside changed them.
        for (auto it = res_.plan.dirs.rbegin(); it != res_.plan.dirs.rend(); ++it) {
            if (it->dest.empty()) continue;
            struct timespec times[2] = {to_timespec(fixed(it->mtime_ns)), to_timespec(fixed(it->mtime_ns))};
            ::utimensat(AT_FDCWD, (dst_ + "/" + it->dest).c_str(), times, AT_SYMLINK_NOFOLLOW);
        }
        if (auto s = save(); !s) return stop_with(s.error());
        if (opt_.verify) {
            if (auto v = verify(); !v) return stop_with(v.error());
            if (auto s = save(); !s) return stop_with(s.error());
        }
        report_progress(true);
        res_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        write_report();
        return std::move(res_);
    }

private:
    Result<void> prepare() {
        struct stat sst{};
        if (::stat(src_.c_str(), &sst) != 0 || !S_ISDIR(sst.st_mode))
            return fail(Errc::not_found, fmt::format("The source folder {} is not there.", src_));
        std::error_code ec;
        fs::create_directories(dst_, ec);
        struct stat dst{};
        if (::stat(dst_.c_str(), &dst) != 0 || !S_ISDIR(dst.st_mode))
            return fail(Errc::destination, fmt::format("Cannot create the destination folder {}.", dst_),
                        ec ? ec.message() : std::strerror(errno));
        if (dst.st_dev == sst.st_dev)
            return fail(Errc::destination, fmt::format("{} is inside the volume being copied. Choose a folder on "
                                                       "another drive.",
                                                       dst_));
        if (!opt_.source_device.empty())
            if (auto g = ensure_destination_not_on_source(opt_.source_device, dst_); !g) return g;
        auto limits = probe_destination(dst_);
        if (!limits) return std::unexpected(limits.error());
        if (limits->read_only)
            return fail(Errc::destination,
                        fmt::format("The destination {} is read-only: the drive may be write-protected, or it was "
                                    "mounted read-only after an error. Make it writable or choose another drive, then "
                                    "run the same command again: it continues where it stopped.",
                                    dst_));
        if (::access(dst_.c_str(), W_OK) != 0)
            return fail(Errc::destination, fmt::format("Cannot write to {}.", dst_), std::strerror(errno));

        auto manifest = Manifest::load(dst_);
        if (!manifest) return std::unexpected(manifest.error());
        manifest_ = std::move(*manifest);
        if (!manifest_.exists_in(dst_) && !fs::is_empty(dst_, ec))
            return fail(Errc::destination,
                        fmt::format("{} already contains other files. Choose an empty folder (or the folder of an "
                                    "earlier copy of this volume, to continue it).",
                                    dst_));
        if (manifest_.source.empty()) manifest_.source = opt_.source_label;

        std::vector<std::string> selection = opt_.selection;
        PlanOptions popt;
        popt.skip_caches = opt_.skip_caches.value_or(selection.empty());
        if (selection.empty()) {
            selection = default_selection(src_);
            if (selection.empty())
                return fail(Errc::not_found, "There is no Users folder on this volume. Name the folders to copy "
                                             "(for example: Documents \"Program Files/App\"), or \"/\" for everything.");
        }
        res_.plan = plan_copy(src_, selection, *limits, popt);
        res_.plan.bytes_needed = 0;
        for (const auto& f : res_.plan.files)
            if (!already_done(f)) res_.plan.bytes_needed += f.size;
        if (cb_.confirm && !cb_.confirm(res_.plan))
            return fail(Errc::cancelled, "Nothing was copied.");
        // Claim the destination now, so a run stopped early can still be continued.
        if (auto s = save(); !s) return s;
        return {};
    }

    std::int64_t fixed(std::int64_t ns) const { return opt_.fix_mtime ? opt_.fix_mtime(ns) : ns; }

    bool already_done(const PlannedFile& f) const {
        auto it = manifest_.entries.find(f.path);
        if (it == manifest_.entries.end()) return false;
        const auto& e = it->second;
        if (e.status != FileStatus::copied && e.status != FileStatus::verified) return false;
        if (e.size != f.size || e.mtime_ns != fixed(f.mtime_ns) || e.dest != f.dest) return false;
        struct stat st{};
        return ::stat((dst_ + "/" + f.dest).c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
               static_cast<std::uint64_t>(st.st_size) == f.size;
    }

    // One attempt at one file. source_failed tells a read problem (retry/skip) from a destination one (stop).
    struct Attempt {
        std::optional<std::string> sha256;
        std::optional<Error> error;
        bool source_failed = false;
        bool refused = false;  // this one file cannot be stored there (EFBIG)
    };

    Attempt attempt(const PlannedFile& f, std::uint64_t& bytes_this_file) {
        Attempt a;
        std::string partial = dst_ + "/" + f.dest + kPartialSuffix;
        UniqueFd in(::open((src_ + "/" + f.path).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        if (!in) {
            a.error = Error{Errc::io, std::strerror(errno)};
            a.source_failed = true;
            return a;
        }
        UniqueFd out(::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (!out) {
            a.error = dest_error(dst_, errno, f.dest);
            return a;
        }
        Sha256 sha;
        auto dest_failed = [&](int e) {
            out.reset();
            ::unlink(partial.c_str());
            if (e == EFBIG) {
                a.refused = true;
                a.error = Error{Errc::destination, "too big for the destination file system"};
            } else {
                a.error = dest_error(dst_, e, f.dest);
            }
            return a;
        };
        while (true) {
            if (cancelled()) {
                out.reset();
                ::unlink(partial.c_str());
                a.error = cancel_error();
                return a;
            }
            ssize_t n = ::read(in.get(), buf_.data(), buf_.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                a.error = Error{Errc::io, std::strerror(errno)};
                a.source_failed = true;
                out.reset();
                ::unlink(partial.c_str());
                return a;
            }
            if (n == 0) break;
            auto data = std::span(buf_.data(), static_cast<std::size_t>(n));
            sha.update(data);
            bytes_this_file += static_cast<std::uint64_t>(n);
            progress_.bytes_done = committed_bytes_ + bytes_this_file;
            if (is_all_zero(data)) {  // keep sparse files sparse (virtual disks, databases)
                if (::lseek(out.get(), n, SEEK_CUR) < 0) return dest_failed(errno);
                report_progress(false);
                continue;
            }
            std::size_t done = 0;
            while (done < static_cast<std::size_t>(n)) {
                ssize_t w = ::write(out.get(), buf_.data() + done, static_cast<std::size_t>(n) - done);
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) return dest_failed(w < 0 ? errno : ENOSPC);
                done += static_cast<std::size_t>(w);
            }
            report_progress(false);
        }
        // A file ending in zeros was seeked over: give it its full length.
        if (::ftruncate(out.get(), static_cast<off_t>(bytes_this_file)) != 0) return dest_failed(errno);
        if (::fsync(out.get()) != 0) return dest_failed(errno);
        struct timespec times[2] = {to_timespec(fixed(f.mtime_ns)), to_timespec(fixed(f.mtime_ns))};
        ::futimens(out.get(), times);  // a destination without times (rare) is not worth failing over
        if (::close(out.release()) != 0) return dest_failed(errno);
        if (::rename(partial.c_str(), (dst_ + "/" + f.dest).c_str()) != 0) return dest_failed(errno);
        a.sha256 = sha.finish_hex();
        return a;
    }

    Result<void> copy_file(const PlannedFile& f) {
        bool retried = false;
        while (true) {
            std::uint64_t bytes = 0;
            Attempt a = attempt(f, bytes);
            if (a.sha256) {
                committed_bytes_ += f.size;
                res_.bytes_copied += bytes;
                ++res_.files_copied;
                record(f.path, f.dest, f.size, fixed(f.mtime_ns), *a.sha256, FileStatus::copied, "");
                return {};
            }
            if (a.refused) {
                res_.failed.emplace_back(f.path, a.error->message);
                record(f.path, f.dest, f.size, fixed(f.mtime_ns), "", FileStatus::refused, a.error->message);
                note(f.path, "not copied: " + a.error->message);
                committed_bytes_ += f.size;
                return {};
            }
            if (!a.source_failed) return std::unexpected(*a.error);
            if (!retried) {  // one automatic retry: a flaky sector often reads the second time
                retried = true;
                continue;
            }
            ErrorDecision d = skip_all_ ? ErrorDecision::skip
                              : cb_.file_error ? cb_.file_error(f.path, *a.error)
                                               : ErrorDecision::skip;
            if (d == ErrorDecision::retry) continue;
            if (d == ErrorDecision::abort) return std::unexpected(cancel_error());
            if (d == ErrorDecision::skip_all) skip_all_ = true;
            std::string why = fmt::format("unreadable ({})", a.error->message);
            res_.failed.emplace_back(f.path, why);
            record(f.path, f.dest, f.size, fixed(f.mtime_ns), "", FileStatus::failed, why);
            committed_bytes_ += f.size;
            return {};
        }
    }

    Result<void> verify() {
        progress_.verifying = true;
        progress_.files_done = 0;
        progress_.bytes_done = 0;
        std::vector<const PlannedFile*> todo;
        std::uint64_t total = 0;
        for (const auto& f : res_.plan.files) {
            auto it = manifest_.entries.find(f.path);
            if (it == manifest_.entries.end() || it->second.status != FileStatus::copied || !already_done(f)) continue;
            todo.push_back(&f);
            total += 2 * f.size;
        }
        progress_.files_total = todo.size();
        progress_.bytes_total = total;
        std::uint64_t done = 0;
        auto count = [&](std::size_t n) {
            done += n;
            progress_.bytes_done = done;
            report_progress(false);
        };
        auto cancel = [this] { return cancelled(); };
        for (const auto* f : todo) {
            progress_.current = f->path;
            auto& e = manifest_.entries[f->path];
            auto d = hash_file(dst_ + "/" + f->dest, buf_, cancel, count);
            if (!d && d.error().code == Errc::cancelled) return std::unexpected(cancel_error());
            auto s = hash_file(src_ + "/" + f->path, buf_, cancel, count);
            if (!s && s.error().code == Errc::cancelled) return std::unexpected(cancel_error());
            if (d && s && *d == e.sha256 && *s == e.sha256) {
                e.status = FileStatus::verified;
                ++res_.verified;
            } else {
                e.status = FileStatus::verify_failed;
                e.error = !d ? "copy unreadable: " + d.error().detail
                          : !s ? "source unreadable: " + s.error().detail
                               : "content differs";
                res_.verify_mismatches.push_back(f->path);
                note(f->path, "verification failed: " + e.error);
            }
            ++progress_.files_done;
            maybe_save();
        }
        return {};
    }

    void record(const std::string& path, const std::string& dest, std::uint64_t size, std::int64_t mtime,
                const std::string& sha, FileStatus st, const std::string& error) {
        manifest_.entries[path] = ManifestEntry{path, dest, size, mtime, sha, st, error};
    }

    void note(const std::string& path, const std::string& what) {
        if (cb_.file_note) cb_.file_note(path, what);
    }

    bool cancelled() const { return cb_.cancelled && cb_.cancelled(); }
    Error cancel_error() const {
        return {Errc::cancelled, "The copy was stopped. Run the same command again to continue where it stopped."};
    }

    void maybe_save() {
        if (Clock::now() - last_save_ < opt_.manifest_interval) return;
        (void)save();
    }

    // Renamed files must be durable before the manifest says they are done.
    Result<void> save() {
        last_save_ = Clock::now();
        UniqueFd d(::open(dst_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (d) ::syncfs(d.get());
        if (auto r = manifest_.save(dst_); !r) {
            Error e = r.error();
            if (e.code != Errc::destination) e.code = Errc::destination;
            return std::unexpected(e);
        }
        return {};
    }

    std::unexpected<Error> stop_with(Error e) {
        (void)save();  // keep what is done; may fail on a full or vanished drive (the old record stays valid)
        res_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        write_report();
        report_progress(true);
        return std::unexpected(std::move(e));
    }

    void report_progress(bool force) {
        auto now = Clock::now();
        if (!cb_.progress || (!force && now - last_progress_ < opt_.progress_interval)) return;
        last_progress_ = now;
        if (!progress_.verifying) progress_.bytes_done = std::max(progress_.bytes_done, committed_bytes_);
        double secs = std::chrono::duration<double>(now - start_).count();
        progress_.bytes_per_second = secs > 0 ? static_cast<double>(progress_.verifying ? progress_.bytes_done
                                                                                        : res_.bytes_copied + (progress_.bytes_done - committed_bytes_)) / secs
                                              : 0;
        progress_.eta_seconds.reset();
        if (progress_.bytes_per_second > 0 && progress_.bytes_total >= progress_.bytes_done)
            progress_.eta_seconds = static_cast<std::uint64_t>(
                static_cast<double>(progress_.bytes_total - progress_.bytes_done) / progress_.bytes_per_second);
        cb_.progress(progress_);
    }

    void write_report() {
        std::string text = format_copy_report(res_, opt_, dst_);
        std::string path = dst_ + "/" + kReportName;
        UniqueFd fd(::open((path + ".bderescue-new").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (!fd) return;
        if (::write(fd.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd.get()) == 0)
            ::rename((path + ".bderescue-new").c_str(), path.c_str());
        else
            ::unlink((path + ".bderescue-new").c_str());
    }

    std::string src_, dst_;
    const CopyOptions& opt_;
    const CopyCallbacks& cb_;
    Manifest manifest_;
    CopyResult res_;
    CopyProgress progress_;
    std::vector<std::uint8_t> buf_;
    std::uint64_t committed_bytes_ = 0;
    bool skip_all_ = false;
    Clock::time_point start_, last_progress_, last_save_;
};

}  // namespace

Result<CopyResult> copy_files(const std::string& source_root, const std::string& dest_dir, const CopyOptions& options,
                              const CopyCallbacks& callbacks) {
    Copier c(source_root, dest_dir, options, callbacks);
    return c.run();
}

}  // namespace bde
