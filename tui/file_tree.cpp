#include "file_tree.hpp"

#include <algorithm>

#include "util/ascii_case.hpp"

namespace bde::tui {

namespace {

bool is_inside(const std::string& path, const std::string& folder) {
    return folder.empty() ? !path.empty()
                          : path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
                                path[folder.size()] == '/';
}

}  // namespace

void FileTree::reset() {
    root_ = Node{.name = "", .is_dir = true};
    marked_.clear();
}

std::string FileTree::parent_of(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string FileTree::join(const std::string& parent, const std::string& name) {
    return parent.empty() ? name : parent + "/" + name;
}

std::string FileTree::windows_path(const std::string& path) {
    std::string out = path;
    std::replace(out.begin(), out.end(), '/', '\\');
    return out;
}

FileTree::Node* FileTree::find_mut(const std::string& path) {
    Node* node = &root_;
    std::size_t start = 0;
    while (node && start < path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string name = path.substr(start, end - start);
        auto it = std::find_if(node->children.begin(), node->children.end(), [&](const Node& n) { return n.name == name; });
        node = it == node->children.end() ? nullptr : &*it;
        start = end + 1;
    }
    return node;
}

const FileTree::Node* FileTree::find(const std::string& path) const {
    return const_cast<FileTree*>(this)->find_mut(path);
}

void FileTree::set_children(const std::string& path, std::vector<DirEntry> entries) {
    Node* node = find_mut(path);
    if (!node) return;
    std::sort(entries.begin(), entries.end(), [](const DirEntry& a, const DirEntry& b) {
        if (a.is_dir != b.is_dir) return a.is_dir;
        return ascii_lower(a.name) < ascii_lower(b.name);
    });
    node->children.clear();
    for (auto& e : entries) node->children.push_back(
            Node{.name = std::move(e.name), .is_dir = e.is_dir, .size = e.size, .size_known = e.size_known});
    node->loaded = true;
    node->problem.clear();
}

void FileTree::set_problem(const std::string& path, std::string problem) {
    if (Node* node = find_mut(path)) node->problem = std::move(problem);
}

void FileTree::set_expanded(const std::string& path, bool expanded) {
    if (Node* node = find_mut(path); node && node->is_dir) node->expanded = expanded && node->loaded;
}

void FileTree::add_rows(const Node& node, const std::string& path, int depth, std::vector<Row>& out) const {
    for (const Node& child : node.children) {
        std::string p = join(path, child.name);
        out.push_back({p, depth, &child});
        if (child.expanded) add_rows(child, p, depth + 1, out);
    }
}

std::vector<FileTree::Row> FileTree::rows() const {
    std::vector<Row> out;
    add_rows(root_, "", 0, out);
    return out;
}

FileTree::Mark FileTree::mark_of(const std::string& path) const {
    for (std::string p = path;; p = parent_of(p)) {
        if (marked_.count(p)) return Mark::full;
        if (p.empty()) break;
    }
    auto it = marked_.upper_bound(path);
    // Marked paths inside `path` sort right after it ("a" < "a/b"), though "a b" or "a-b" may come first.
    for (; it != marked_.end() && it->compare(0, path.size(), path) == 0; ++it)
        if (is_inside(*it, path)) return Mark::partial;
    return Mark::none;
}

void FileTree::mark(const std::string& path) {
    if (mark_of(path) == Mark::full) return;  // already inside a marked folder
    for (auto it = marked_.begin(); it != marked_.end();) it = is_inside(*it, path) ? marked_.erase(it) : std::next(it);
    marked_.insert(path);
}

void FileTree::toggle(const std::string& path) {
    if (marked_.erase(path)) return;
    // Marked through a folder above it: replace that mark by the folder's other contents, level by level.
    std::string above = parent_of(path);
    while (!marked_.count(above) && !above.empty()) above = parent_of(above);
    if (marked_.count(above) && above != path) {
        marked_.erase(above);
        std::string level = above;
        while (level != path) {
            const Node* node = find(level);
            std::string next = path.substr(0, path.find('/', level.empty() ? 0 : level.size() + 1));
            if (!node) break;
            for (const Node& child : node->children) {
                std::string p = join(level, child.name);
                if (p != next) marked_.insert(p);
            }
            level = next;
        }
        return;
    }
    mark(path);
}

std::optional<std::string> FileTree::child_path(const std::string& parent, const std::string& name) const {
    const Node* node = find(parent);
    if (!node) return std::nullopt;
    for (const Node& child : node->children)
        if (iequals(child.name, name)) return join(parent, child.name);
    return std::nullopt;
}

std::vector<std::string> user_profiles(const FileTree& tree) {
    static const std::set<std::string> not_people = {"all users", "default", "default user", "defaultuser0",
                                                     "defaultapppool"};
    std::vector<std::string> out;
    auto users = tree.child_path("", "Users");
    const FileTree::Node* node = users ? tree.find(*users) : nullptr;
    if (!node) return out;
    for (const auto& child : node->children)
        if (child.is_dir && !not_people.count(ascii_lower(child.name))) out.push_back(FileTree::join(*users, child.name));
    return out;
}

std::vector<std::string> personal_folders(const FileTree& tree, const std::string& profile) {
    static const char* usual[] = {"Desktop", "Documents", "Pictures", "Videos", "Music", "Downloads"};
    std::vector<std::string> out;
    for (const char* name : usual)
        if (auto p = tree.child_path(profile, name)) out.push_back(*p);
    if (const FileTree::Node* node = tree.find(profile))
        for (const auto& child : node->children)
            if (child.is_dir && ascii_lower(child.name).rfind("onedrive", 0) == 0) out.push_back(FileTree::join(profile, child.name));
    return out;
}

}  // namespace bde::tui
