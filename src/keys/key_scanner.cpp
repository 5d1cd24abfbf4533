#include "keys/key_scanner.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <set>
#include <utility>

#include "keys/bek_file.hpp"
#include "keys/key_file_parser.hpp"
#include "keys/safe_open.hpp"
#include "keys/text_decode.hpp"

namespace bde {
namespace {

std::string lower_extension(const std::string& name) {
    auto dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) return {};
    std::string ext = name.substr(dot + 1);
    for (char& c : ext)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return ext;
}

// Names that are key files or text: always read (up to the size limit).
bool key_file_extension(const std::string& ext) {
    static const char* const exts[] = {"bek", "txt", "text", "csv", "tsv", "json", "log", "md"};
    return std::any_of(std::begin(exts), std::end(exts), [&](const char* e) { return ext == e; });
}

// Names that are certainly not key files: never opened (a Windows drive has hundreds of thousands).
bool binary_extension(const std::string& ext) {
    static const char* const exts[] = {
        "exe", "dll", "sys", "mui", "cat", "msi", "msp", "cab", "zip", "7z", "rar", "gz", "xz", "iso", "img", "vhd",
        "vhdx", "wim", "esd", "png", "jpg", "jpeg", "gif", "bmp", "ico", "svg", "webp", "mp3", "mp4", "wav", "avi",
        "mkv", "mov", "pdf", "docx", "xlsx", "pptx", "ttf", "otf", "woff", "pyc", "so", "o", "a", "efi", "pnf",
        "etl", "evtx", "dat", "db", "sqlite", "pf", "lnk", "mum", "manifest"};
    return std::any_of(std::begin(exts), std::end(exts), [&](const char* e) { return ext == e; });
}

std::string size_text(std::uint64_t bytes) {
    if (bytes >= (1ull << 30)) return fmt::format("{:.1f} GiB", double(bytes) / double(1ull << 30));
    if (bytes >= (1ull << 20)) return fmt::format("{:.1f} MiB", double(bytes) / double(1ull << 20));
    return fmt::format("{} bytes", bytes);
}

struct DirCloser {
    void operator()(DIR* d) const { ::closedir(d); }
};

class Scanner {
public:
    Scanner(const KeyScanOptions& options, const KeyScanCallbacks& callbacks, KeyScanResult& result)
        : options_(options), callbacks_(callbacks), result_(result) {}

    void scan_root(const std::string& path) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            int e = errno;
            if (e == ENOENT || e == ENOTDIR) {
                result_.missing.push_back(path);
                note(path, "this file or folder does not exist");
            } else {
                note(path, fmt::format("cannot be opened: {}", e == EACCES ? "permission denied" : std::strerror(e)));
            }
            return;
        }
        // The user named this path, so a link here is followed; inside trees links are not.
        std::unique_ptr<char, decltype(&std::free)> real(::realpath(path.c_str(), nullptr), &std::free);
        std::string target = real ? real.get() : path;
        Counters counters;
        if (S_ISDIR(st.st_mode)) {
            auto fd = open_listed_directory(AT_FDCWD, target.c_str(), st);
            if (!fd) return note(path, "this folder cannot be opened: " + fd.error().message);
            walk(std::move(*fd), path, st.st_dev, 0, counters);
            summarise(path, counters);
        } else if (S_ISREG(st.st_mode)) {
            std::size_t keys_before = result_.keys.size(), notes_before = result_.notes.size();
            read_file(AT_FDCWD, target.c_str(), path, st, true);
            if (result_.keys.size() == keys_before && result_.notes.size() == notes_before && !result_.stopped)
                note(path, "no BitLocker key found in this file");
        } else {
            note(path, "this is not a file or folder (a device, pipe or socket): it was not read. To search a "
                       "drive for key files, mount it and give the folder");
        }
    }

private:
    struct Counters {
        std::size_t links = 0, other_fs = 0, too_deep = 0, too_large = 0;
    };

    void note(const std::string& path, std::string message, int line = 0) {
        result_.notes.push_back({path, line, std::move(message)});
        if (callbacks_.on_note) callbacks_.on_note(result_.notes.back());
    }

    void summarise(const std::string& root, const Counters& c) {
        if (c.links)
            note(root, fmt::format("{} symbolic link{} inside this folder {} not followed", c.links,
                                   c.links == 1 ? "" : "s", c.links == 1 ? "was" : "were"));
        if (c.other_fs)
            note(root, fmt::format("{} folder{} on other file systems (mount points) {} not searched; give them "
                                   "separately to search them",
                                   c.other_fs, c.other_fs == 1 ? "" : "s", c.other_fs == 1 ? "was" : "were"));
        if (c.too_deep)
            note(root, fmt::format("{} folder{} deeper than {} levels {} not searched", c.too_deep,
                                   c.too_deep == 1 ? "" : "s", options_.max_depth, c.too_deep == 1 ? "was" : "were"));
        if (c.too_large)
            note(root, fmt::format("{} file{} larger than {} with names not suggesting keys {} skipped", c.too_large,
                                   c.too_large == 1 ? "" : "s", size_text(options_.max_file_size),
                                   c.too_large == 1 ? "was" : "were"));
    }

    bool count_entry() {
        if (++entries_ <= options_.max_entries) return true;
        if (!result_.stopped)
            note("", fmt::format("the search stopped after {} files and folders; give a narrower folder to search "
                                 "the rest",
                                 options_.max_entries));
        result_.stopped = true;
        return false;
    }

    void walk(UniqueFd dir_fd, const std::string& path, dev_t root_dev, int depth, Counters& counters) {
        struct stat self {};
        if (::fstat(dir_fd.get(), &self) != 0 || !visited_dirs_.insert({self.st_dev, self.st_ino}).second) return;
        std::vector<std::string> names;
        {
            int dup_fd = ::fcntl(dir_fd.get(), F_DUPFD_CLOEXEC, 0);
            if (dup_fd < 0) return note(path, std::string("this folder cannot be read: ") + std::strerror(errno));
            std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dup_fd));
            if (!dir) {
                ::close(dup_fd);
                return note(path, std::string("this folder cannot be read: ") + std::strerror(errno));
            }
            errno = 0;
            while (dirent* e = ::readdir(dir.get())) {
                std::string name = e->d_name;
                if (name != "." && name != "..") names.push_back(std::move(name));
            }
            if (errno != 0) note(path, std::string("this folder could be read only in part: ") + std::strerror(errno));
        }
        std::sort(names.begin(), names.end());
        for (const auto& name : names) {
            if (result_.stopped || !count_entry()) return;
            std::string child = path + (path.ends_with('/') ? "" : "/") + name;
            struct stat st {};
            if (::fstatat(dir_fd.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // vanished
            if (S_ISLNK(st.st_mode)) {
                ++counters.links;
            } else if (S_ISDIR(st.st_mode)) {
                if (st.st_dev != root_dev) {
                    ++counters.other_fs;
                } else if (depth + 1 > options_.max_depth) {
                    ++counters.too_deep;
                } else if (!visited_dirs_.contains({st.st_dev, st.st_ino})) {
                    auto fd = open_listed_directory(dir_fd.get(), name.c_str(), st);
                    if (!fd) note(child, "this folder cannot be opened: " + fd.error().message);
                    else walk(std::move(*fd), child, root_dev, depth + 1, counters);
                }
            } else if (S_ISREG(st.st_mode)) {
                if (st.st_dev == root_dev) consider_file(dir_fd.get(), name, child, st, counters);
            } else if (key_file_extension(lower_extension(name)) || name_suggests_key_file(name)) {
                note(child, "this is not a regular file (a pipe, socket or device): it was not read");
            }
        }
    }

    void consider_file(int dir_fd, const std::string& name, const std::string& path, const struct stat& st,
                       Counters& counters) {
        std::string ext = lower_extension(name);
        bool named_as_key = key_file_extension(ext) || name_suggests_key_file(name);
        auto size = static_cast<std::uint64_t>(st.st_size);
        if (named_as_key) {
            read_file(dir_fd, name.c_str(), path, st, false);
        } else if (binary_extension(ext) || size == 0) {
            return;
        } else if (size > options_.max_sniff_size) {
            if (size > options_.max_file_size) ++counters.too_large;
        } else {
            read_file(dir_fd, name.c_str(), path, st, false, /*sniff=*/true);
        }
    }

    // Reads one regular file and parses it. sniff: only when its first bytes look like a key file or text.
    void read_file(int dir_fd, const char* name, const std::string& path, const struct stat& st, bool named,
                   bool sniff = false) {
        if (!visited_files_.insert({st.st_dev, st.st_ino}).second) return;  // hard link or overlapping paths
        auto size = static_cast<std::uint64_t>(st.st_size);
        if (size > options_.max_file_size)
            return note(path, fmt::format("skipped: {} is far too large for a key file (limit {})", size_text(size),
                                          size_text(options_.max_file_size)));
        if (callbacks_.on_file && !callbacks_.on_file(path)) {
            result_.stopped = true;
            return;
        }
        auto fd = open_listed_file(dir_fd, name, st);
        if (!fd) {
            if (named || name_suggests_key_file(path) || fd.error().message == "permission denied")
                note(path, "cannot be read: " + fd.error().message);
            return;
        }
        if (sniff) {
            auto head = read_up_to(fd->get(), 4096);
            if (!head || (!looks_like_bek(head->span(), size) && !looks_like_text(head->span()))) return;
            if (::lseek(fd->get(), 0, SEEK_SET) != 0) return;
        }
        // One byte more than the limit reveals a file that grew since it was listed.
        auto bytes = read_up_to(fd->get(), options_.max_file_size + 1, size);
        if (!bytes) return note(path, "cannot be read: " + bytes.error().message);
        if (bytes->size() > options_.max_file_size)
            return note(path, fmt::format("skipped: it grew beyond {} while being read", size_text(options_.max_file_size)));
        ++result_.files_read;
        ParsedKeys parsed = parse_key_file(bytes->span(), path);
        for (auto& n : parsed.notes) note(n.source, std::move(n.message), n.line);
        for (auto& k : parsed.keys) result_.keys.push_back(std::move(k));
    }

    const KeyScanOptions& options_;
    const KeyScanCallbacks& callbacks_;
    KeyScanResult& result_;
    std::set<std::pair<dev_t, ino_t>> visited_dirs_, visited_files_;
    std::size_t entries_ = 0;
};

}  // namespace

KeyScanResult scan_for_keys(const std::vector<std::string>& paths, const KeyScanOptions& options,
                            const KeyScanCallbacks& callbacks) {
    KeyScanResult result;
    Scanner scanner(options, callbacks, result);
    for (const auto& p : paths) {
        if (result.stopped) break;
        scanner.scan_root(p);
    }
    merge_duplicate_keys(result.keys);
    return result;
}

}  // namespace bde
