#pragma once
// A GNU-ddrescue-compatible mapfile: which parts of the source were read ('+'), failed ('-'), or are
// still to do ('?'). Format (GNU ddrescue manual, "Mapfile structure"): '#' comment lines, then a
// status line "current_pos current_status current_pass", then "pos size status" lines covering the
// source. ddrescue and ddrescueview read what we write, and we resume from theirs.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"

namespace bde {

enum class MapStatus : char {
    non_tried = '?',
    non_trimmed = '*',
    non_scraped = '/',
    bad = '-',
    finished = '+',
};

struct MapBlock {
    std::uint64_t pos = 0;
    std::uint64_t size = 0;
    MapStatus status = MapStatus::non_tried;
    friend bool operator==(const MapBlock&, const MapBlock&) = default;
};

class Mapfile {
public:
    // A map of a source of `size` bytes where nothing has been tried yet.
    explicit Mapfile(std::uint64_t size = 0);
    // Parses mapfile text for a source of `size` bytes. Areas the text does not cover count as
    // non-tried; blocks beyond `size` are an error (the mapfile belongs to another source).
    static Result<Mapfile> parse(std::string_view text, std::uint64_t size);
    // Reads path; a missing file gives a fresh map.
    static Result<Mapfile> load(const std::string& path, std::uint64_t size);

    // Marks [pos, pos+size) with status, splitting and merging blocks as needed.
    void set(std::uint64_t pos, std::uint64_t size, MapStatus status);
    const std::vector<MapBlock>& blocks() const { return blocks_; }
    std::uint64_t size() const { return size_; }
    std::uint64_t bytes_with(MapStatus status) const;
    std::vector<MapBlock> blocks_with(MapStatus status) const;

    std::uint64_t current_pos = 0;
    char current_status = '?';  // '?' copying, '-' retrying bad areas, '+' finished
    int current_pass = 1;

    // The text of the mapfile; command_line goes into a comment.
    std::string serialize(std::string_view command_line = {}) const;
    Result<void> save(const std::string& path, std::string_view command_line = {}) const;

private:
    std::uint64_t size_ = 0;
    std::vector<MapBlock> blocks_;  // sorted, contiguous from 0 to size_, neighbours differ in status
};

bool is_map_status(char c);

}  // namespace bde
