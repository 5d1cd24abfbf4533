#pragma once
// A read-only loop device over a file, for drivers that insist on a block device (exfat-fuse as root;
// kernel drivers on the stick). Auto-clear: the kernel detaches it once the last user closes it, so
// nothing is left behind after the driver unmounts, even if we die.
#include <string>

#include "util/error.hpp"
#include "util/unique_fd.hpp"

namespace bde {

class LoopDevice {
public:
    static Result<LoopDevice> attach_read_only(const std::string& file);
    const std::string& path() const { return path_; }
    // Drops our hold: from now on the device lives only as long as its users (the mounted driver).
    void release() { fd_.reset(); }

private:
    UniqueFd fd_;
    std::string path_;
};

}  // namespace bde
