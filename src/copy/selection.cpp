#include "copy/selection.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

#include "util/ascii_case.hpp"

namespace bde {

namespace {

constexpr std::array<std::string_view, 22> kCachePatterns = {
    "AppData/Local/Temp",
    "AppData/Local/Microsoft/Windows/INetCache",
    "AppData/Local/Microsoft/Windows/WebCache",
    "AppData/Local/Microsoft/Windows/Temporary Internet Files",
    "AppData/Local/Microsoft/Windows/Explorer",  // thumbnail caches
    "AppData/Local/Microsoft/Edge/User Data/*/Cache",
    "AppData/Local/Microsoft/Edge/User Data/*/Code Cache",
    "AppData/Local/Microsoft/Edge/User Data/*/GPUCache",
    "AppData/Local/Microsoft/Edge/User Data/*/Service Worker/CacheStorage",
    "AppData/Local/Google/Chrome/User Data/*/Cache",
    "AppData/Local/Google/Chrome/User Data/*/Code Cache",
    "AppData/Local/Google/Chrome/User Data/*/GPUCache",
    "AppData/Local/Google/Chrome/User Data/*/Service Worker/CacheStorage",
    "AppData/Local/Mozilla/Firefox/Profiles/*/cache2",
    "AppData/Local/Mozilla/Firefox/Profiles/*/startupCache",
    "AppData/Local/Packages/*/AC",
    "AppData/Local/Packages/*/TempState",
    "AppData/Local/CrashDumps",
    "AppData/Local/D3DSCache",
    "AppData/Local/NVIDIA/DXCache",
    "AppData/Local/Microsoft/Windows/Caches",
    "AppData/LocalLow/Microsoft/CryptnetUrlCache",
};

std::vector<std::string_view> split(std::string_view s) {
    std::vector<std::string_view> parts;
    while (!s.empty()) {
        auto slash = s.find('/');
        auto part = s.substr(0, slash);
        if (!part.empty()) parts.push_back(part);
        if (slash == std::string_view::npos) break;
        s.remove_prefix(slash + 1);
    }
    return parts;
}

}  // namespace

std::span<const std::string_view> default_cache_patterns() { return kCachePatterns; }

bool is_system_profile(std::string_view name) {
    for (std::string_view s : {"Default", "Default User", "All Users", "defaultuser0", "WDAGUtilityAccount"})
        if (iequals(name, s)) return true;
    return false;
}

bool is_cache_path(std::string_view rel) {
    auto parts = split(rel);
    if (parts.size() < 3 || !iequals(parts[0], "Users")) return false;
    std::span<const std::string_view> in_profile(parts.data() + 2, parts.size() - 2);
    for (auto pattern : kCachePatterns) {
        auto pat = split(pattern);
        if (pat.size() != in_profile.size()) continue;
        bool match = true;
        for (std::size_t i = 0; i < pat.size() && match; ++i)
            match = pat[i] == "*" || iequals(pat[i], in_profile[i]);
        if (match) return true;
    }
    return false;
}

std::vector<std::string> default_selection(const std::string& source_root) {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    std::error_code ec;
    fs::path users;
    for (const auto& e : fs::directory_iterator(source_root, ec))
        if (iequals(e.path().filename().string(), "Users") && e.is_directory(ec) && !e.is_symlink(ec)) users = e.path();
    if (users.empty()) return out;
    for (const auto& e : fs::directory_iterator(users, ec)) {
        std::string name = e.path().filename().string();
        if (e.is_symlink(ec) || !e.is_directory(ec) || is_system_profile(name)) continue;
        out.push_back(users.filename().string() + "/" + name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace bde
