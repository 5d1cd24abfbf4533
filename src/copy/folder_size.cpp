#include "copy/folder_size.hpp"

#include <filesystem>

namespace bde {

namespace fs = std::filesystem;

FolderSize folder_size(const std::string& path, WalkBudget& budget) {
    FolderSize out;
    std::error_code ec;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (budget.exhausted()) return out;
        --budget.entries;
        std::error_code e;
        auto status = it->symlink_status(e);
        if (fs::is_regular_file(status)) out.bytes += it->file_size(e);
    }
    out.complete = !ec;  // an unreadable folder below: what was counted is a lower bound
    return out;
}

}  // namespace bde
