#pragma once
// What to copy by default: the user profiles (Users/*) without caches and temporary files. The list of
// what is skipped lives here and only here, so the TUI, the CLI and the report agree.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bde {

// Profile-relative patterns ('*' = one path component, case-insensitive) that are never copied by default.
std::span<const std::string_view> default_cache_patterns();

// Top-level profile folders that are templates or system accounts, not people's data.
bool is_system_profile(std::string_view name);

// True when rel (relative to the source root, '/'-separated, e.g. "Users/Alice/AppData/Local/Temp")
// is a cache folder under a profile.
bool is_cache_path(std::string_view rel);

// "Users/<name>" for each real profile under source_root/Users (sorted). Empty if there is no Users folder.
std::vector<std::string> default_selection(const std::string& source_root);

}  // namespace bde
