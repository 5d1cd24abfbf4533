#include "imaging/imager.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <vector>

#include "io/same_disk.hpp"
#include "io/zero_detect.hpp"

namespace bde {
namespace {

using Clock = std::chrono::steady_clock;

Error write_error(const ImageTarget& t, int e) {
    std::string where = t.path == "-" ? "standard output" : t.path;
    if (e == ENOSPC || e == EFBIG)
        return {Errc::destination,
                fmt::format("{} is full (or the file got too big for its file system). Free space or choose a "
                            "bigger drive, then run the same command again to continue.",
                            where),
                std::strerror(e)};
    if (e == EROFS)
        return {Errc::destination,
                fmt::format("{} became read-only (the drive may have an error or was unplugged). Check it, then run "
                            "the same command again to continue.",
                            where),
                std::strerror(e)};
    if (e == EPIPE) return {Errc::destination, "The program reading the image stopped.", std::strerror(e)};
    return {Errc::destination,
            fmt::format("Writing to {} failed: the destination drive may have been unplugged or is failing. "
                        "Check it, then run the same command again to continue.",
                        where),
            std::strerror(e)};
}

class Imager {
public:
    Imager(const BlockSource& src, ImageTarget& out, Mapfile& map, const ImageOptions& opt, const ImageCallbacks& cb)
        : src_(src), out_(out), map_(map), opt_(opt), cb_(cb), sector_(std::max<std::uint32_t>(src.sector_size(), 1)) {}

    Result<ImageResult> run() {
        result_.total_bytes = src_.size();
        result_.bytes_done_before = map_.bytes_with(MapStatus::finished);
        start_ = last_progress_ = last_save_ = Clock::now();
        buffer_.resize(opt_.chunk_size);
        zeros_.assign(std::max<std::size_t>(opt_.chunk_size, sector_), 0);

        // Work on a snapshot of the unfinished areas: map_ changes underneath as we go.
        std::vector<MapBlock> todo;
        for (const auto& b : map_.blocks())
            if (b.status != MapStatus::finished) todo.push_back(b);
        map_.current_status = '?';
        for (const auto& b : todo) {
            auto r = b.status == MapStatus::bad ? scrape(b.pos, b.size) : copy_area(b.pos, b.size);
            if (!r) return finish_with(r.error());
        }
        if (out_.kind == ImageOutputKind::regular_file && ::ftruncate(out_.fd.get(), static_cast<off_t>(src_.size())) != 0)
            return finish_with(write_error(out_, errno));
        if (out_.kind != ImageOutputKind::stream && ::fsync(out_.fd.get()) != 0)
            return finish_with(write_error(out_, errno));
        map_.current_status = '+';
        map_.current_pos = src_.size();
        if (auto s = save_map(); !s) return std::unexpected(s.error());
        report_progress(true);
        result_.bad_areas = map_.blocks_with(MapStatus::bad);
        result_.bad_bytes = map_.bytes_with(MapStatus::bad);
        result_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        return result_;
    }

private:
    // Reads [pos, pos+len) in big chunks; a failing chunk is scraped sector by sector.
    Result<void> copy_area(std::uint64_t pos, std::uint64_t len) {
        std::uint64_t end = pos + len;
        while (pos < end) {
            if (auto c = check_cancel(); !c) return c;
            // Align chunks to the chunk size so resumed runs read the same units.
            std::uint64_t n = std::min<std::uint64_t>(end - pos, opt_.chunk_size - pos % opt_.chunk_size);
            auto span = std::span(buffer_.data(), static_cast<std::size_t>(n));
            auto r = src_.read_at(pos, span);
            if (r && *r == n) {
                if (auto w = put(pos, span); !w) return w;
                result_.bytes_read_now += n;
                map_.set(pos, n, MapStatus::finished);
            } else if (r) {
                return fail(Errc::io, fmt::format("{} ended early at byte {} (expected {} bytes).", src_.name(),
                                                  pos + *r, src_.size()));
            } else {
                if (auto s = scrape(pos, n); !s) return s;
            }
            pos += n;
            map_.current_pos = pos;
            tick();
        }
        return {};
    }

    // One more try, one sector at a time; what still fails is marked bad and written as zeros.
    Result<void> scrape(std::uint64_t pos, std::uint64_t len) {
        char saved = map_.current_status;
        map_.current_status = '/';
        retrying_ = true;
        std::uint64_t end = pos + len;
        std::uint64_t bad_start = 0, bad_len = 0;
        std::optional<Error> first_error;
        auto flush_bad = [&]() -> Result<void> {
            if (!bad_len) return {};
            map_.set(bad_start, bad_len, MapStatus::bad);
            if (out_.kind != ImageOutputKind::regular_file)  // a file's hole already reads as zeros
                for (std::uint64_t p = bad_start; p < bad_start + bad_len; p += sector_) {
                    auto n = std::min<std::uint64_t>(sector_, bad_start + bad_len - p);
                    if (auto w = write_raw(p, std::span(zeros_.data(), static_cast<std::size_t>(n))); !w) return w;
                }
            if (cb_.read_error) cb_.read_error(bad_start, bad_len, *first_error);
            bad_len = 0;
            first_error.reset();
            return {};
        };
        for (std::uint64_t p = pos; p < end; p += sector_) {
            if (auto c = check_cancel(); !c) return c;
            std::uint64_t n = std::min<std::uint64_t>(sector_, end - p);
            auto span = std::span(buffer_.data(), static_cast<std::size_t>(n));
            auto r = src_.read_at(p, span);
            if (r && *r == n) {
                if (auto f = flush_bad(); !f) return f;
                if (auto w = put(p, span); !w) return w;
                result_.bytes_read_now += n;
                map_.set(p, n, MapStatus::finished);
            } else {
                if (!bad_len) {
                    bad_start = p;
                    first_error = r ? Error{Errc::io, "short read"} : r.error();
                }
                bad_len += n;
            }
            map_.current_pos = p + n;
            tick();
        }
        if (auto f = flush_bad(); !f) return f;
        retrying_ = false;
        map_.current_status = saved;
        return {};
    }

    Result<void> put(std::uint64_t pos, std::span<const std::uint8_t> data) {
        if (out_.kind == ImageOutputKind::regular_file && is_all_zero(data)) return {};  // leave a hole
        return write_raw(pos, data);
    }

    Result<void> write_raw(std::uint64_t pos, std::span<const std::uint8_t> data) {
        std::size_t done = 0;
        while (done < data.size()) {
            ssize_t n = out_.kind == ImageOutputKind::stream
                            ? ::write(out_.fd.get(), data.data() + done, data.size() - done)
                            : ::pwrite(out_.fd.get(), data.data() + done, data.size() - done,
                                       static_cast<off_t>(pos + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return std::unexpected(write_error(out_, n < 0 ? errno : ENOSPC));
            done += static_cast<std::size_t>(n);
        }
        return {};
    }

    Result<void> check_cancel() {
        if (cb_.cancelled && cb_.cancelled())
            return fail(Errc::cancelled, "Imaging was stopped. Run the same command again to continue where it stopped.");
        return {};
    }

    // Periodic work: progress and a durable mapfile (output synced first, so the map never claims more
    // than the output holds).
    void tick() {
        auto now = Clock::now();
        if (opt_.mapfile_path && now - last_save_ >= opt_.mapfile_interval) {
            if (out_.kind != ImageOutputKind::stream) ::fdatasync(out_.fd.get());
            (void)save_map();
            last_save_ = now;
        }
        report_progress(false);
    }

    void report_progress(bool force) {
        auto now = Clock::now();
        if (!cb_.progress || (!force && now - last_progress_ < opt_.progress_interval)) return;
        last_progress_ = now;
        ImageProgress p;
        p.total_bytes = src_.size();
        p.bad_bytes = map_.bytes_with(MapStatus::bad);
        p.done_bytes = map_.bytes_with(MapStatus::finished) + p.bad_bytes;
        p.position = map_.current_pos;
        p.retrying = retrying_;
        double secs = std::chrono::duration<double>(now - start_).count();
        std::uint64_t this_run = p.done_bytes - std::min(p.done_bytes, result_.bytes_done_before);
        if (secs > 0) p.bytes_per_second = static_cast<double>(this_run) / secs;
        if (p.bytes_per_second > 0)
            p.eta_seconds = static_cast<std::uint64_t>(static_cast<double>(p.total_bytes - p.done_bytes) / p.bytes_per_second);
        cb_.progress(p);
    }

    Result<void> save_map() {
        if (!opt_.mapfile_path) return {};
        if (auto r = map_.save(*opt_.mapfile_path, opt_.command_line); !r)
            return fail(Errc::destination, fmt::format("Cannot save the mapfile {}.", *opt_.mapfile_path),
                        r.error().message + " " + r.error().detail);
        return {};
    }

    std::unexpected<Error> finish_with(Error e) {
        if (out_.kind != ImageOutputKind::stream) ::fdatasync(out_.fd.get());
        (void)save_map();
        return std::unexpected(std::move(e));
    }

    const BlockSource& src_;
    ImageTarget& out_;
    Mapfile& map_;
    const ImageOptions& opt_;
    const ImageCallbacks& cb_;
    std::uint32_t sector_;
    std::vector<std::uint8_t> buffer_, zeros_;
    ImageResult result_;
    bool retrying_ = false;
    Clock::time_point start_, last_progress_, last_save_;
};

}  // namespace

Result<ImageTarget> open_image_target(const std::string& path, bool resume, const std::string& source_path) {
    ImageTarget t;
    t.path = path;
    if (path == "-") {
        if (resume) return fail(Errc::usage, "An interrupted image cannot be continued on standard output.");
        t.kind = ImageOutputKind::stream;
        t.fd.reset(::dup(STDOUT_FILENO));
        if (!t.fd) return fail(Errc::destination, "Cannot write to standard output.", std::strerror(errno));
        return t;
    }
    if (auto g = ensure_destination_not_on_source(source_path, path); !g) return std::unexpected(g.error());
    struct stat st{};
    bool exists = ::stat(path.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return fail(Errc::usage, fmt::format("{} is a folder: give a file name for the image, e.g. {}/volume.img",
                                             path, path));
    if (resume && !exists)
        return fail(Errc::usage, fmt::format("The mapfile records an earlier run, but {} does not exist. Give the "
                                             "same output as before, or delete the mapfile to start again.",
                                             path));
    bool device = exists && S_ISBLK(st.st_mode);
    int flags = O_WRONLY | O_CLOEXEC | (device ? 0 : O_CREAT) | (!resume && !device ? O_TRUNC : 0);
    t.fd.reset(::open(path.c_str(), flags, 0644));
    if (!t.fd) {
        int e = errno;
        if (e == ENOENT)
            return fail(Errc::destination, fmt::format("The folder for {} does not exist.", path), std::strerror(e));
        if (e == EROFS)
            return fail(Errc::destination,
                        fmt::format("{} is on a read-only drive: it may be write-protected, or it was mounted "
                                    "read-only after an error. Make it writable or choose another drive.",
                                    path),
                        std::strerror(e));
        return fail(Errc::destination, fmt::format("Cannot write {}.", path), std::strerror(e));
    }
    t.kind = device ? ImageOutputKind::block_device
             : (exists && !S_ISREG(st.st_mode)) ? ImageOutputKind::stream
                                                : ImageOutputKind::regular_file;
    return t;
}

Result<ImageResult> write_image(const BlockSource& source, const std::string& out_path, const std::string& source_path,
                                const ImageOptions& options, const ImageCallbacks& callbacks) {
    Mapfile map(source.size());
    if (options.mapfile_path) {
        if (auto g = ensure_destination_not_on_source(source_path, *options.mapfile_path); !g)
            return std::unexpected(g.error());
        auto loaded = Mapfile::load(*options.mapfile_path, source.size());
        if (!loaded) return std::unexpected(loaded.error());
        map = std::move(*loaded);
    }
    bool resume = map.bytes_with(MapStatus::non_tried) != source.size();
    auto target = open_image_target(out_path, resume, source_path);
    if (!target) return std::unexpected(target.error());
    if (options.mapfile_path && !resume) {
        // Claim the mapfile now, so a crash before the first periodic save still leaves a valid one.
        if (auto r = map.save(*options.mapfile_path, options.command_line); !r) return std::unexpected(r.error());
    }
    Imager imager(source, *target, map, options, callbacks);
    return imager.run();
}

}  // namespace bde
