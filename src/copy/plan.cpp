#include "copy/plan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <map>
#include <set>

#include "copy/selection.hpp"
#include "util/unique_fd.hpp"

namespace bde {

std::size_t CopyPlan::count(PlanIssue::Kind k) const {
    return static_cast<std::size_t>(std::count_if(issues.begin(), issues.end(), [k](const auto& i) { return i.kind == k; }));
}

namespace {

std::int64_t mtime_ns_of(const struct stat& st) {
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

std::string lower_ascii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

class Planner {
public:
    Planner(const std::string& root, const DestLimits& dest, const PlanOptions& opt,
            const std::function<void(std::size_t)>& progress)
        : root_(root), opt_(opt), progress_(progress) {
        plan_.dest = dest;
        // Our own record files live at the top of the destination.
        for (const char* own : {"bderescue-manifest.jsonl", "bderescue-report.txt"}) used_names_[""].insert(own);
    }

    CopyPlan run(const std::vector<std::string>& selection) {
        std::set<std::string> done;
        for (std::string rel : selection) {
            while (!rel.empty() && rel.back() == '/') rel.pop_back();
            while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
            if (!done.insert(rel).second) continue;
            add_with_parents(rel);
        }
        return std::move(plan_);
    }

private:
    // The destination name of a source-relative folder (already planned when its parent was).
    std::string dest_of_dir(const std::string& rel) {
        if (rel.empty()) return "";
        auto it = dir_dest_.find(rel);
        return it == dir_dest_.end() ? rel : it->second;
    }

    // A unique, acceptable name for `name` inside the destination folder dest_parent.
    std::string assign_name(const std::string& rel, const std::string& dest_parent, const std::string& name) {
        std::string safe = dest_safe_name(name, plan_.dest);
        auto& used = used_names_[dest_parent];
        auto key = [&](const std::string& n) { return plan_.dest.case_insensitive ? lower_ascii(n) : n; };
        std::string candidate = safe;
        for (int i = 2; used.count(key(candidate)); ++i) {
            auto dot = safe.rfind('.');
            if (dot == std::string::npos || dot == 0) dot = safe.size();
            candidate = fmt::format("{} ({}){}", safe.substr(0, dot), i, safe.substr(dot));
        }
        used.insert(key(candidate));
        if (candidate != name) plan_.issues.push_back({PlanIssue::Kind::renamed, rel, candidate, 0});
        return candidate;
    }

    void add_with_parents(const std::string& rel) {
        // Make sure every parent folder of an explicit selection is planned (for its name and time).
        std::string parent;
        std::size_t pos = 0;
        while ((pos = rel.find('/', pos)) != std::string::npos) {
            std::string p = rel.substr(0, pos++);
            if (!dir_dest_.count(p)) {
                struct stat st{};
                if (::lstat((root_ + "/" + p).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) break;
                add_dir(p, st);
            }
        }
        struct stat st{};
        std::string full = rel.empty() ? root_ : root_ + "/" + rel;
        if (::lstat(full.c_str(), &st) != 0) {
            plan_.issues.push_back({PlanIssue::Kind::not_found, rel, std::strerror(errno), 0});
            return;
        }
        visit(rel, st);
    }

    void add_dir(const std::string& rel, const struct stat& st) {
        auto slash = rel.rfind('/');
        std::string parent = slash == std::string::npos ? "" : rel.substr(0, slash);
        std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
        std::string dparent = dest_of_dir(parent);
        std::string d = rel.empty() ? "" : (dparent.empty() ? "" : dparent + "/") + assign_name(rel, dparent, name);
        dir_dest_[rel] = d;
        plan_.dirs.push_back({rel, d, mtime_ns_of(st)});
    }

    void visit(const std::string& rel, const struct stat& st) {
        if (S_ISLNK(st.st_mode)) {  // ntfs-3g shows junctions as links: following them can loop forever
            plan_.issues.push_back({PlanIssue::Kind::link_skipped, rel, "link or junction (not followed)", 0});
            return;
        }
        if (S_ISDIR(st.st_mode)) {
            if (opt_.skip_caches && is_cache_path(rel)) {
                plan_.issues.push_back({PlanIssue::Kind::cache_skipped, rel, "cache or temporary files", 0});
                return;
            }
            if (!rel.empty() && !dir_dest_.count(rel)) add_dir(rel, st);
            else if (rel.empty() && !dir_dest_.count(rel)) dir_dest_[rel] = "";
            walk_dir(rel);
            return;
        }
        if (!S_ISREG(st.st_mode)) return;  // devices, sockets: nothing a user wants back
        auto slash = rel.rfind('/');
        std::string parent = slash == std::string::npos ? "" : rel.substr(0, slash);
        std::string name = slash == std::string::npos ? rel : rel.substr(slash + 1);
        std::string dparent = dest_of_dir(parent);
        std::string d = (dparent.empty() ? "" : dparent + "/") + assign_name(rel, dparent, name);
        auto size = static_cast<std::uint64_t>(st.st_size);
        if (size > plan_.dest.max_file_size) {
            plan_.issues.push_back({PlanIssue::Kind::too_big, rel,
                                    fmt::format("larger than the {} destination allows (4 GiB - 1 byte)",
                                                plan_.dest.fs_name),
                                    size});
            return;
        }
        if (d.size() > plan_.dest.max_path_bytes) {
            plan_.issues.push_back({PlanIssue::Kind::path_too_long, rel, "path too long for the destination", size});
            return;
        }
        plan_.files.push_back({rel, d, size, mtime_ns_of(st)});
        plan_.total_bytes += size;
        if (progress_ && plan_.files.size() % 500 == 0) progress_(plan_.files.size());
    }

    void walk_dir(const std::string& rel) {
        std::string full = rel.empty() ? root_ : root_ + "/" + rel;
        DIR* d = ::opendir(full.c_str());
        if (!d) {
            plan_.issues.push_back({PlanIssue::Kind::unreadable, rel, std::strerror(errno), 0});
            return;
        }
        std::vector<std::string> names;
        errno = 0;
        while (auto* e = ::readdir(d)) {
            if (!std::strcmp(e->d_name, ".") || !std::strcmp(e->d_name, "..")) continue;
            names.emplace_back(e->d_name);
        }
        bool failed = errno != 0;
        int err = errno;
        ::closedir(d);
        if (failed) plan_.issues.push_back({PlanIssue::Kind::unreadable, rel, std::strerror(err), 0});
        std::sort(names.begin(), names.end());  // deterministic names across resumed runs
        for (const auto& n : names) {
            std::string child = rel.empty() ? n : rel + "/" + n;
            struct stat st{};
            if (::lstat((root_ + "/" + child).c_str(), &st) != 0) {
                plan_.issues.push_back({PlanIssue::Kind::unreadable, child, std::strerror(errno), 0});
                continue;
            }
            visit(child, st);
        }
    }

    std::string root_;
    PlanOptions opt_;
    const std::function<void(std::size_t)>& progress_;
    CopyPlan plan_;
    std::map<std::string, std::string> dir_dest_;
    std::map<std::string, std::set<std::string>> used_names_;
};

}  // namespace

CopyPlan plan_copy(const std::string& source_root, const std::vector<std::string>& selection, const DestLimits& dest,
                   const PlanOptions& options, const std::function<void(std::size_t)>& progress) {
    Planner p(source_root, dest, options, progress);
    return p.run(selection);
}

}  // namespace bde
