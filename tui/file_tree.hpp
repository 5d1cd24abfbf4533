#pragma once
// The unlocked drive's folders as far as they have been opened, and what is marked for copying. Marks
// are kept as the smallest set of paths: marking a folder takes everything inside; unmarking something
// inside a marked folder splits that mark into its siblings. Paths are '/'-separated from the root.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rescue_backend.hpp"

namespace bde::tui {

class FileTree {
public:
    enum class Mark { none, partial, full };

    struct Node {
        std::string name;
        bool is_dir = false;
        std::uint64_t size = 0;
        bool size_known = false;  // folders: size counts every file below
        bool loaded = false;    // children listed
        bool expanded = false;
        std::string problem;    // the folder could not be read
        std::vector<Node> children;
    };

    struct Row {
        std::string path;
        int depth = 0;
        const Node* node = nullptr;
    };

    void reset();
    bool root_loaded() const { return root_.loaded; }
    // Sets a folder's listing (folders first, then files, each by name, case-insensitive).
    void set_children(const std::string& path, std::vector<DirEntry> entries);
    void set_problem(const std::string& path, std::string problem);
    void set_expanded(const std::string& path, bool expanded);
    const Node* find(const std::string& path) const;

    // The rows a person sees: top-level entries and the inside of every expanded folder.
    std::vector<Row> rows() const;

    Mark mark_of(const std::string& path) const;
    void toggle(const std::string& path);
    void mark(const std::string& path);
    void clear_marks() { marked_.clear(); }
    const std::set<std::string>& marked() const { return marked_; }

    // Finds a child by name, ignoring case (Windows names): "Users" matches "users".
    std::optional<std::string> child_path(const std::string& parent, const std::string& name) const;

    static std::string parent_of(const std::string& path);
    static std::string join(const std::string& parent, const std::string& name);
    static std::string windows_path(const std::string& path);  // "Users\anna"

private:
    Node* find_mut(const std::string& path);
    void add_rows(const Node& node, const std::string& path, int depth, std::vector<Row>& out) const;
    Node root_{.name = "", .is_dir = true};
    std::set<std::string> marked_;
};

// Windows profile folders under Users\ that hold a person's files (not Default, All Users, ...).
std::vector<std::string> user_profiles(const FileTree& tree);
// The usual personal folders of one profile that exist on this drive (Desktop, Documents, Pictures,
// Videos, Music, Downloads, and OneDrive folders, where Windows 11 often keeps them).
std::vector<std::string> personal_folders(const FileTree& tree, const std::string& profile);

}  // namespace bde::tui
