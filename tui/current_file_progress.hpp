#pragma once
// The copy engine reports only bytes done in total and the file it is on. Every file adds its full size to
// that total once it is dealt with (copied, already there, refused or failed), in plan order, so the bytes
// before a file are the sizes of the files planned before it: from that, how far into the current file it is.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bde::tui {

class CurrentFileProgress {
public:
    // The planned files, in the order they are copied: (path, size).
    void set_plan(const std::vector<std::pair<std::string, std::uint64_t>>& files);
    // {done, total} of `path`, given the bytes done over all files; {0, 0} for a file not in the plan.
    std::pair<std::uint64_t, std::uint64_t> of(const std::string& path, std::uint64_t bytes_done) const;

private:
    struct Place {
        std::uint64_t before = 0, size = 0;
    };
    std::unordered_map<std::string, Place> places_;
};

}  // namespace bde::tui
