#pragma once
// How much a folder holds, for the file browser: the bytes of every file below it, counted with a budget
// (a Windows folder can hold a million files behind a slow failing disk; the browser must not wait for
// that). Links and junctions are not followed, like the copy.
#include <chrono>
#include <cstdint>
#include <string>

namespace bde {

struct FolderSize {
    std::uint64_t bytes = 0;  // of the files counted
    bool complete = false;    // every file below was counted; false: at least `bytes`
};

// A budget shared by several calls (all the folders of one listing).
struct WalkBudget {
    std::size_t entries = 20000;
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    bool exhausted() const { return entries == 0 || std::chrono::steady_clock::now() >= deadline; }
};

FolderSize folder_size(const std::string& path, WalkBudget& budget);

}  // namespace bde
