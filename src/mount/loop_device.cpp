#include "mount/loop_device.hpp"

#include <fcntl.h>
#include <linux/loop.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

namespace bde {

Result<LoopDevice> LoopDevice::attach_read_only(const std::string& file) {
    UniqueFd backing(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!backing) return fail(Errc::io, fmt::format("Cannot open {}.", file), std::strerror(errno));
    UniqueFd ctl(::open("/dev/loop-control", O_RDWR | O_CLOEXEC));
    if (!ctl) return fail(Errc::unsupported, "Loop devices are not available here.", std::strerror(errno));
    for (int attempt = 0; attempt < 8; ++attempt) {
        int n = ::ioctl(ctl.get(), LOOP_CTL_GET_FREE);
        if (n < 0) return fail(Errc::unsupported, "No free loop device.", std::strerror(errno));
        LoopDevice dev;
        dev.path_ = fmt::format("/dev/loop{}", n);
        dev.fd_.reset(::open(dev.path_.c_str(), O_RDONLY | O_CLOEXEC));
        if (!dev.fd_) return fail(Errc::unsupported, fmt::format("Cannot open {}.", dev.path_), std::strerror(errno));
        loop_config cfg{};
        cfg.fd = static_cast<std::uint32_t>(backing.get());
        cfg.info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR;
        std::strncpy(reinterpret_cast<char*>(cfg.info.lo_file_name), file.c_str(), LO_NAME_SIZE - 1);
        if (::ioctl(dev.fd_.get(), LOOP_CONFIGURE, &cfg) == 0) return dev;
        if (errno != EBUSY) return fail(Errc::unsupported, fmt::format("Cannot set up {}.", dev.path_), std::strerror(errno));
        // Someone else took it between GET_FREE and CONFIGURE: try the next one.
    }
    return fail(Errc::unsupported, "No free loop device.");
}

}  // namespace bde
