#define FUSE_USE_VERSION 35
#include "mount/volume_fuse.hpp"

#include <fuse3/fuse_lowlevel.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "mount/unmount.hpp"

namespace bde {

struct VolumeFuse::Impl {
    const BlockSource* source = nullptr;
    Options options;
    fuse_session* session = nullptr;
    std::thread loop;
    std::mutex mutex;
    std::condition_variable loop_done_cv;
    bool loop_done = false;
    bool stopped = false;
    dev_t mount_dev = 0;
};

namespace {

constexpr fuse_ino_t kRootIno = FUSE_ROOT_ID;
constexpr fuse_ino_t kFileIno = 2;

VolumeFuse::Impl& impl_of(fuse_req_t req) { return *static_cast<VolumeFuse::Impl*>(fuse_req_userdata(req)); }

struct stat attr_of(const VolumeFuse::Impl& impl, fuse_ino_t ino) {
    struct stat st{};
    st.st_ino = ino;
    st.st_uid = 0;
    st.st_gid = 0;
    if (ino == kRootIno) {
        st.st_mode = S_IFDIR | 0555;
        st.st_nlink = 2;
    } else {
        st.st_mode = S_IFREG | 0444;
        st.st_nlink = 1;
        st.st_size = static_cast<off_t>(impl.source->size());
        st.st_blksize = 4096;
        st.st_blocks = static_cast<blkcnt_t>((impl.source->size() + 511) / 512);
    }
    return st;
}

void op_init(void*, fuse_conn_info* conn) {
    conn->max_readahead = 1u << 20;
    conn->want &= ~FUSE_CAP_ATOMIC_O_TRUNC;
}

void op_lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
    auto& impl = impl_of(req);
    if (parent != kRootIno || impl.options.file_name != name) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    fuse_entry_param e{};
    e.ino = kFileIno;
    e.attr = attr_of(impl, kFileIno);
    e.attr_timeout = 3600;
    e.entry_timeout = 3600;
    fuse_reply_entry(req, &e);
}

void op_getattr(fuse_req_t req, fuse_ino_t ino, fuse_file_info*) {
    if (ino != kRootIno && ino != kFileIno) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    struct stat st = attr_of(impl_of(req), ino);
    fuse_reply_attr(req, &st, 3600);
}

void op_setattr(fuse_req_t req, fuse_ino_t, struct stat*, int, fuse_file_info*) { fuse_reply_err(req, EROFS); }

void op_open(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
    if (ino != kFileIno) {
        fuse_reply_err(req, EISDIR);
        return;
    }
    // The source is never written to: refuse every way of opening for writing.
    if ((fi->flags & O_ACCMODE) != O_RDONLY || (fi->flags & (O_TRUNC | O_APPEND | O_CREAT))) {
        fuse_reply_err(req, EROFS);
        return;
    }
    auto& impl = impl_of(req);
    fi->direct_io = impl.options.direct_io;
    fi->keep_cache = !impl.options.direct_io;
    fuse_reply_open(req, fi);
}

void op_read(fuse_req_t req, fuse_ino_t, size_t size, off_t off, fuse_file_info*) {
    auto& impl = impl_of(req);
    thread_local std::vector<std::uint8_t> buffer;
    std::uint64_t total = impl.source->size();
    if (off < 0 || static_cast<std::uint64_t>(off) >= total) {
        fuse_reply_buf(req, nullptr, 0);
        return;
    }
    size = static_cast<size_t>(std::min<std::uint64_t>(size, total - static_cast<std::uint64_t>(off)));
    if (buffer.size() < size) buffer.resize(size);
    auto r = impl.source->read_at(static_cast<std::uint64_t>(off), std::span(buffer.data(), size));
    if (!r) {
        fuse_reply_err(req, EIO);
        return;
    }
    fuse_reply_buf(req, reinterpret_cast<const char*>(buffer.data()), *r);
}

void op_write(fuse_req_t req, fuse_ino_t, const char*, size_t, off_t, fuse_file_info*) { fuse_reply_err(req, EROFS); }

void op_opendir(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
    if (ino != kRootIno) fuse_reply_err(req, ENOTDIR);
    else fuse_reply_open(req, fi);
}

void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, fuse_file_info*) {
    if (ino != kRootIno) {
        fuse_reply_err(req, ENOTDIR);
        return;
    }
    auto& impl = impl_of(req);
    std::vector<char> buf(size);
    size_t used = 0;
    struct Entry {
        const char* name;
        fuse_ino_t ino;
    };
    const Entry entries[] = {{".", kRootIno}, {"..", kRootIno}, {impl.options.file_name.c_str(), kFileIno}};
    for (off_t i = off; i < 3; ++i) {
        struct stat st = attr_of(impl, entries[i].ino);
        size_t need = fuse_add_direntry(req, buf.data() + used, size - used, entries[i].name, &st, i + 1);
        if (need > size - used) break;
        used += need;
    }
    fuse_reply_buf(req, buf.data(), used);
}

void op_statfs(fuse_req_t req, fuse_ino_t) {
    struct statvfs s{};
    s.f_bsize = 4096;
    s.f_frsize = 4096;
    s.f_namemax = 255;
    s.f_files = 1;
    s.f_flag = ST_RDONLY;
    fuse_reply_statfs(req, &s);
}

const fuse_lowlevel_ops kOps = [] {
    fuse_lowlevel_ops ops{};
    ops.init = op_init;
    ops.lookup = op_lookup;
    ops.getattr = op_getattr;
    ops.setattr = op_setattr;
    ops.open = op_open;
    ops.read = op_read;
    ops.write = op_write;
    ops.opendir = op_opendir;
    ops.readdir = op_readdir;
    ops.statfs = op_statfs;
    return ops;
}();

// Kills a FUSE connection outright (its users get ENOTCONN/EIO); used when a lazy unmount leaves
// a holder we cannot wait for.
void abort_connection(dev_t dev) {
    if (dev == 0) return;
    std::string ctl = fmt::format("/sys/fs/fuse/connections/{}/abort", static_cast<unsigned long>(dev));
    if (::access(ctl.c_str(), W_OK) != 0)  // fusectl is not always mounted (systemd does it on the stick)
        ::mount("fusectl", "/sys/fs/fuse/connections", "fusectl", 0, nullptr);
    std::ofstream(ctl) << "1";
}

}  // namespace

Result<std::unique_ptr<VolumeFuse>> VolumeFuse::start(std::shared_ptr<const BlockSource> source,
                                                      const std::string& dir, Options options) {
    std::unique_ptr<VolumeFuse> self(new VolumeFuse());
    self->source_ = std::move(source);
    self->dir_ = dir;
    self->impl_ = std::make_unique<Impl>();
    auto& impl = *self->impl_;
    impl.source = self->source_.get();
    impl.options = std::move(options);

    std::vector<std::string> argv_s = {"bderescue", "-o", "ro,fsname=bderescue,subtype=bderescue,default_permissions"};
    if (geteuid() == 0) argv_s.back() += ",allow_other";
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    fuse_args args = FUSE_ARGS_INIT(static_cast<int>(argv.size()), argv.data());
    impl.session = fuse_session_new(&args, &kOps, sizeof(kOps), &impl);
    fuse_opt_free_args(&args);  // fuse_session_new copies what it keeps
    if (!impl.session) return fail(Errc::internal, "Cannot start the FUSE layer (fuse_session_new failed).");
    if (fuse_session_mount(impl.session, dir.c_str()) != 0) {
        fuse_session_destroy(impl.session);
        impl.session = nullptr;
        return fail(Errc::unsupported,
                    fmt::format("Cannot set up the read-only view of the volume at {}: FUSE is not available "
                                "(is /dev/fuse there, and are we root?).",
                                dir));
    }
    // Never stat() the mount from this thread before the loop runs: the kernel would wait for us forever.
    impl.mount_dev = mount_device_of(dir);
    impl.loop = std::thread([&impl] {
        fuse_loop_config cfg{};
        cfg.clone_fd = 0;
        cfg.max_idle_threads = 8;
        fuse_session_loop_mt(impl.session, &cfg);
        std::lock_guard lock(impl.mutex);
        impl.loop_done = true;
        impl.loop_done_cv.notify_all();
    });
    return self;
}

std::string VolumeFuse::file_path() const { return dir_ + "/" + impl_->options.file_name; }

Result<void> VolumeFuse::stop() {
    if (!impl_ || impl_->stopped) return {};
    auto& impl = *impl_;
    impl.stopped = true;
    fuse_session_exit(impl.session);
    auto unmounted = unmount_path(dir_);
    {
        std::unique_lock lock(impl.mutex);
        if (!impl.loop_done_cv.wait_for(lock, std::chrono::seconds(5), [&] { return impl.loop_done; })) {
            // Still held open after a lazy unmount: cut the connection so the threads can end.
            lock.unlock();
            abort_connection(impl.mount_dev);
        }
    }
    impl.loop.join();
    // Already unmounted above; this only lets libfuse close its end and free its copy of the path (once
    // the kernel has dropped the connection it sees that and does not unmount again).
    if (!is_mount_point(dir_)) fuse_session_unmount(impl.session);
    fuse_session_destroy(impl.session);
    impl.session = nullptr;
    if (!unmounted) return std::unexpected(unmounted.error());
    return {};
}

VolumeFuse::~VolumeFuse() { (void)stop(); }

}  // namespace bde
