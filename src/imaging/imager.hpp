#pragma once
// Writes a whole BlockSource (the decrypted volume) to an image file, a device or a stream, recording
// in a GNU-ddrescue-compatible mapfile what was read and what failed, so an interrupted run resumes.
// Read errors: the failing chunk is re-read sector by sector once; sectors that still fail are marked
// '-' and come out as zeros. Zero data is not written to regular files (sparse output).
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "imaging/mapfile.hpp"
#include "io/block_source.hpp"
#include "util/unique_fd.hpp"

namespace bde {

enum class ImageOutputKind { regular_file, block_device, stream };

struct ImageTarget {
    UniqueFd fd;
    ImageOutputKind kind = ImageOutputKind::regular_file;
    std::string path;  // "-" for standard output
};

// Opens OUT for writing ("-" = standard output). A regular file is truncated unless resume is set
// (then it must exist). Refuses to write onto the source: source_path is what the user named as VOL.
Result<ImageTarget> open_image_target(const std::string& path, bool resume, const std::string& source_path);

struct ImageOptions {
    std::size_t chunk_size = 4u << 20;
    std::optional<std::string> mapfile_path;
    std::string command_line;  // recorded in the mapfile
    std::chrono::milliseconds progress_interval{500};
    std::chrono::milliseconds mapfile_interval{2000};
};

struct ImageProgress {
    std::uint64_t total_bytes = 0;
    std::uint64_t done_bytes = 0;  // read or given up (includes what a previous run did)
    std::uint64_t bad_bytes = 0;
    std::uint64_t position = 0;
    double bytes_per_second = 0;
    std::optional<std::uint64_t> eta_seconds;
    bool retrying = false;  // re-reading a failed area sector by sector
};

struct ImageCallbacks {
    std::function<void(const ImageProgress&)> progress;                          // at most every progress_interval
    std::function<void(std::uint64_t pos, std::uint64_t size, const Error&)> read_error;  // a sector run given up
    std::function<bool()> cancelled;                                             // polled between chunks
};

struct ImageResult {
    std::uint64_t total_bytes = 0;
    std::uint64_t bytes_read_now = 0;      // read in this run
    std::uint64_t bytes_done_before = 0;   // already finished by an earlier run (from the mapfile)
    std::uint64_t bad_bytes = 0;
    std::vector<MapBlock> bad_areas;
    double seconds = 0;
};

// Images source into out_path ("-" = standard output). With a mapfile that records earlier progress, only
// what is not finished yet is read (the output must then be the same file as before).
// source_path is what the user named as VOL (used to refuse writing onto it).
// Errc::cancelled (mapfile saved, resumable), Errc::destination (output full or failing; mapfile saved).
// Bad areas are not an error here: they are listed in the result and the caller decides (Errc::partial).
Result<ImageResult> write_image(const BlockSource& source, const std::string& out_path,
                                const std::string& source_path, const ImageOptions& options,
                                const ImageCallbacks& callbacks);

}  // namespace bde
