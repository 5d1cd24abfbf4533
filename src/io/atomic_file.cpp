#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>

#include "util/unique_fd.hpp"

namespace bde {

void sync_parent_dir(const std::string& path) {
    auto dir = std::filesystem::path(path).parent_path();
    UniqueFd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd) ::fsync(fd.get());
}

Result<void> write_file_atomically(const std::string& path, std::string_view content) {
    std::string tmp = path + ".bderescue-new";
    auto failed = [&](const char* what) {
        int e = errno;
        ::unlink(tmp.c_str());
        return fail(e == ENOSPC ? Errc::destination : Errc::io,
                    fmt::format("Cannot {} {}{}", what, path,
                                e == ENOSPC ? ": the destination is full." : "."),
                    std::strerror(e));
    };
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd) return failed("create");
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return failed("write");
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) return failed("save");
    fd.reset();
    if (::rename(tmp.c_str(), path.c_str()) != 0) return failed("save");
    sync_parent_dir(path);
    return {};
}

}  // namespace bde
