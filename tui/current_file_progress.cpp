#include "current_file_progress.hpp"

#include <algorithm>

namespace bde::tui {

void CurrentFileProgress::set_plan(const std::vector<std::pair<std::string, std::uint64_t>>& files) {
    places_.clear();
    std::uint64_t before = 0;
    for (const auto& [path, size] : files) {
        places_[path] = {before, size};
        before += size;
    }
}

std::pair<std::uint64_t, std::uint64_t> CurrentFileProgress::of(const std::string& path, std::uint64_t bytes_done) const {
    auto it = places_.find(path);
    if (it == places_.end()) return {0, 0};
    const Place& p = it->second;
    std::uint64_t done = bytes_done > p.before ? std::min(bytes_done - p.before, p.size) : 0;
    return {done, p.size};
}

}  // namespace bde::tui
