#include "copy/manifest.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "io/atomic_file.hpp"

namespace bde {

const char* file_status_name(FileStatus s) {
    switch (s) {
        case FileStatus::copied: return "copied";
        case FileStatus::verified: return "verified";
        case FileStatus::failed: return "failed";
        case FileStatus::verify_failed: return "verify-failed";
        case FileStatus::refused: return "refused";
    }
    return "failed";
}

namespace {
std::optional<FileStatus> status_from(const std::string& s) {
    for (auto st : {FileStatus::copied, FileStatus::verified, FileStatus::failed, FileStatus::verify_failed,
                    FileStatus::refused})
        if (s == file_status_name(st)) return st;
    return std::nullopt;
}
}  // namespace

Result<Manifest> Manifest::load(const std::string& dest_dir) {
    Manifest m;
    std::string path = dest_dir + "/" + kManifestName;
    std::ifstream in(path);
    if (!in) return m;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object())
            return fail(Errc::corrupt, fmt::format("The copy record {} is damaged (line {}). Move it away to copy "
                                                   "everything again.",
                                                   path, line_no));
        if (j.value("type", "") == "header") {
            m.source = j.value("source", "");
            continue;
        }
        ManifestEntry e;
        e.path = j.value("path", "");
        e.dest = j.value("dest", e.path);
        e.size = j.value("size", std::uint64_t{0});
        e.mtime_ns = j.value("mtime_ns", std::int64_t{0});
        e.sha256 = j.value("sha256", "");
        e.error = j.value("error", "");
        auto st = status_from(j.value("status", ""));
        if (e.path.empty() || !st) continue;
        e.status = *st;
        m.entries[e.path] = std::move(e);
    }
    return m;
}

Result<void> Manifest::save(const std::string& dest_dir) const {
    std::string text = nlohmann::json{{"type", "header"}, {"format", 1}, {"source", source}}.dump() + "\n";
    for (const auto& [path, e] : entries) {
        nlohmann::json j = {{"path", e.path}, {"size", e.size}, {"mtime_ns", e.mtime_ns},
                            {"sha256", e.sha256}, {"status", file_status_name(e.status)}};
        if (e.dest != e.path) j["dest"] = e.dest;
        if (!e.error.empty()) j["error"] = e.error;
        text += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    return write_file_atomically(dest_dir + "/" + kManifestName, text);
}

bool Manifest::exists_in(const std::string& dest_dir) const {
    return std::filesystem::exists(dest_dir + "/" + kManifestName);
}

}  // namespace bde
