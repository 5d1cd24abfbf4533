#pragma once
// Replaces a file so that a reader (or a resumed run after a crash or a pulled plug) sees either the old
// or the new content, never a mix: write path.bderescue-new, fsync, rename over path, fsync the folder.
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace bde {

Result<void> write_file_atomically(const std::string& path, std::string_view content);
// fsync of the folder holding path (makes a rename or a new name durable).
void sync_parent_dir(const std::string& path);

}  // namespace bde
