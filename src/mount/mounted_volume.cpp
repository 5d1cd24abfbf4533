#include "mount/mounted_volume.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "mount/driver_choice.hpp"
#include "mount/driver_quirks.hpp"
#include "mount/loop_device.hpp"
#include "mount/mount_guardian.hpp"
#include "mount/unmount.hpp"
#include "mount/volume_fuse.hpp"

extern char** environ;

namespace bde {
namespace fs = std::filesystem;

struct MountedVolume::State {
    MountGuardian guardian;
    std::unique_ptr<VolumeFuse> fuse;
    bool created_mountpoint = false;
    bool unmounted = false;
};

namespace {

std::string find_program(const std::string& name) {
    std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
    path += ":/usr/sbin:/sbin:/usr/bin:/bin";
    std::stringstream ss(path);
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        if (dir.empty()) continue;
        std::string p = dir + "/" + name;
        if (::access(p.c_str(), X_OK) == 0) return p;
    }
    return {};
}

std::string process_start_time(pid_t pid) {
    std::ifstream in(fmt::format("/proc/{}/stat", pid));
    std::string s;
    std::getline(in, s);
    auto close = s.rfind(')');
    if (close == std::string::npos) return {};
    std::istringstream rest(s.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i)
        if (i == 22) return field;
    return {};
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p) << text << '\n'; }

// Runs the driver; it daemonizes once the mount is up. Its messages go to log_path.
Result<void> run_driver(const std::string& program, const std::vector<std::string>& args, const std::string& log_path) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);  // fusefat chats on stdout
    posix_spawn_file_actions_addopen(&fa, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return fail(Errc::internal, fmt::format("Cannot start {}.", program), std::strerror(rc));
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (true) {
        pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) return fail(Errc::internal, "Lost track of the file-system driver.");
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return fail(Errc::io, fmt::format("{} did not finish mounting within two minutes.", program));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
    std::string log = read_text(log_path);
    return fail(Errc::corrupt,
                fmt::format("{} could not mount the file system. It may be damaged, or the volume was decrypted "
                            "with the wrong key. `bderescue image` can still save the whole volume.",
                            fs::path(program).filename().string()),
                log);
}

// Mount records live in a folder of their own: the runtime root also holds the stick's data partition
// (/run/bderescue/stick), the rescue screen's destination drives and the boot facts, which no cleanup may touch.
std::string records_dir(const std::string& root) { return root + "/mounts"; }

constexpr const char* kRecordFiles[] = {"owner", "mountpoint", "source", "driver.log"};

// Removes what mount() put into a runtime folder, entry by entry. Never a recursive delete: it would walk into
// whatever is still mounted there. Anything unexpected is left, and so is the folder then.
void remove_runtime_dir(const std::string& rt) {
    for (const char* f : kRecordFiles) ::unlink((rt + "/" + f).c_str());
    for (const char* d : {"files", "dev"}) ::rmdir((rt + "/" + d).c_str());  // fails while mounted: kept
    ::rmdir(rt.c_str());
}

}  // namespace

std::string default_runtime_root() {
    const char* env = std::getenv("BDERESCUE_RUNTIME_DIR");
    return env && *env ? env : "/run/bderescue";
}

std::vector<MountRecord> list_mount_records(const std::string& root) {
    std::vector<MountRecord> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(records_dir(root), ec)) {
        if (!e.is_directory(ec)) continue;
        MountRecord r;
        r.runtime_dir = e.path().string();
        std::istringstream owner(read_text(e.path() / "owner"));
        std::string start;
        owner >> r.owner_pid >> start;
        r.owner_alive = r.owner_pid > 0 && !start.empty() && process_start_time(r.owner_pid) == start;
        r.mountpoint = read_text(e.path() / "mountpoint");
        r.source_label = read_text(e.path() / "source");
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<std::string> clean_stale_mounts(const std::string& root) {
    std::vector<std::string> cleaned;
    for (const auto& r : list_mount_records(root)) {
        // No owner yet: another process may be between creating its folder and writing the record.
        if (r.owner_alive || r.owner_pid <= 0) continue;
        // Only FUSE mounts are ours to remove: never touch something else mounted there since.
        if (!r.mountpoint.empty() && mount_type_of(r.mountpoint).starts_with("fuse")) {
            if (unmount_path(r.mountpoint, 500)) cleaned.push_back(r.mountpoint);
        }
        std::string dev = r.runtime_dir + "/dev";
        if (is_mount_point(dev)) (void)unmount_path(dev, 500);
        remove_runtime_dir(r.runtime_dir);
    }
    return cleaned;
}

MountedVolume::MountedVolume() : state_(std::make_unique<State>()) {}

Result<std::unique_ptr<MountedVolume>> MountedVolume::mount(std::shared_ptr<const BlockSource> source,
                                                            MountRequest req) {
    auto fs_type = detect_filesystem(*source);
    if (!fs_type) return std::unexpected(fs_type.error());
    auto driver = choose_driver(*fs_type, kernel_has_filesystem);
    if (!driver) {
        if (*fs_type == FsType::bitlocker)
            return fail(Errc::usage, "This volume is still BitLocker-encrypted: unlock it first.");
        if (*fs_type == FsType::refs)
            return fail(Errc::unsupported, "This volume holds ReFS, which cannot be mounted here. "
                                           "`bderescue image` can save the whole volume.");
        return fail(Errc::corrupt, "No NTFS, FAT or exFAT file system found on the volume. It may be damaged, or "
                                   "decrypted with the wrong key. `bderescue image` can still save it whole.");
    }
    std::string program = driver->kernel ? std::string() : find_program(driver->name);
    if (!driver->kernel && program.empty())
        return fail(Errc::unsupported, fmt::format("{} is needed to read this {} volume but is not installed "
                                                   "(Debian package {}).",
                                                   driver->name, fs_type_name(*fs_type), driver->package));

    std::string root = req.runtime_root.empty() ? default_runtime_root() : req.runtime_root;
    const std::string records = records_dir(root);
    std::error_code ec;
    fs::create_directories(records, ec);
    ::chmod(records.c_str(), 0700);  // decrypted files are mounted below it: root only
    clean_stale_mounts(root);

    std::unique_ptr<MountedVolume> self(new MountedVolume());
    auto& st = *self->state_;
    self->fs_type_ = *fs_type;
    self->driver_ = driver->kernel ? "kernel " + driver->name : driver->name;
    std::string tmpl = records + "/XXXXXX";
    if (!::mkdtemp(tmpl.data()))
        return fail(Errc::io, fmt::format("Cannot create the runtime folder in {}.", records), std::strerror(errno));
    self->runtime_dir_ = tmpl;
    const std::string& rt = self->runtime_dir_;

    auto guardian = MountGuardian::start();
    if (!guardian) {
        remove_runtime_dir(rt);
        return std::unexpected(guardian.error());
    }
    st.guardian = std::move(*guardian);
    st.guardian.remove_dir_on_death(rt);
    for (const char* f : kRecordFiles) st.guardian.remove_file_on_death(rt + "/" + f);

    // The destructor from here on undoes whatever was set up.
    if (req.mountpoint.empty()) {
        req.mountpoint = rt + "/files";
        fs::create_directory(req.mountpoint, ec);
        st.created_mountpoint = true;
    } else {
        struct stat mst{};
        if (::stat(req.mountpoint.c_str(), &mst) != 0) {
            if (::mkdir(req.mountpoint.c_str(), 0755) != 0)
                return fail(Errc::usage, fmt::format("Cannot create the folder {}.", req.mountpoint), std::strerror(errno));
            st.created_mountpoint = true;
        } else if (!S_ISDIR(mst.st_mode)) {
            return fail(Errc::usage, fmt::format("{} is not a folder.", req.mountpoint));
        } else if (is_mount_point(req.mountpoint)) {
            return fail(Errc::usage, fmt::format("Something is already mounted on {}.", req.mountpoint));
        } else if (!fs::is_empty(req.mountpoint, ec)) {
            return fail(Errc::usage, fmt::format("{} is not empty: its files would be hidden while the volume is "
                                                 "mounted there. Choose an empty folder.",
                                                 req.mountpoint));
        }
    }
    self->mountpoint_ = fs::canonical(req.mountpoint, ec).string();
    if (st.created_mountpoint) st.guardian.remove_dir_on_death(self->mountpoint_);

    write_text(rt + "/owner", fmt::format("{} {}", ::getpid(), process_start_time(::getpid())));
    write_text(rt + "/mountpoint", self->mountpoint_);
    write_text(rt + "/source", req.source_label.empty() ? source->name() : req.source_label);

    std::string dev = rt + "/dev";
    fs::create_directory(dev, ec);
    st.guardian.remove_dir_on_death(dev);
    VolumeFuse::Options fo;
    fo.direct_io = req.direct_io;
    auto fuse = VolumeFuse::start(source, dev, fo);
    if (!fuse) return std::unexpected(fuse.error());
    st.fuse = std::move(*fuse);
    st.guardian.abort_fuse_on_death(st.fuse->connection());
    st.guardian.unmount_on_death(dev);

    st.guardian.unmount_on_death(self->mountpoint_);
    std::optional<LoopDevice> loop;
    if (driver->needs_block_device) {
        auto l = LoopDevice::attach_read_only(st.fuse->file_path());
        if (!l) return std::unexpected(l.error());
        loop = std::move(*l);
    }
    const std::string device = loop ? loop->path() : st.fuse->file_path();
    if (driver->kernel) {
        if (::mount(device.c_str(), self->mountpoint_.c_str(), driver->name.c_str(),
                    MS_RDONLY | MS_NODEV | MS_NOSUID | MS_NOEXEC | MS_NOATIME, driver->kernel_options.c_str()) != 0)
            return fail(Errc::corrupt,
                        fmt::format("The {} file system could not be mounted. It may be damaged, or the volume was "
                                    "decrypted with the wrong key. `bderescue image` can still save the whole volume.",
                                    fs_type_name(*fs_type)),
                        std::strerror(errno));
    } else {
        std::vector<std::string> args = {program};
        args.insert(args.end(), driver->args.begin(), driver->args.end());
        args.push_back(device);
        args.push_back(self->mountpoint_);
        if (auto r = run_driver(program, args, rt + "/driver.log"); !r) return std::unexpected(r.error());
    }
    if (loop) loop->release();  // the driver holds it now; it goes away when the driver lets go
    if (!is_mount_point(self->mountpoint_))
        return fail(Errc::internal, fmt::format("{} reported success but nothing is mounted on {}.", driver->name,
                                                self->mountpoint_));
    if (mount_type_of(self->mountpoint_).starts_with("fuse"))
        st.guardian.abort_fuse_on_death(mount_device_of(self->mountpoint_));
    if (self->driver_ == "fusefat")
        self->notes_.push_back("fusefat shows file dates one month later than they are (a known bug of that "
                               "driver); bderescue copy corrects the dates of the copies.");
    return self;
}

std::function<std::int64_t(std::int64_t)> MountedVolume::mtime_fix() const {
    if (driver_ == "fusefat") return fusefat_true_mtime_ns;
    return {};
}

bool MountedVolume::still_mounted() const { return !state_->unmounted && is_mount_point(mountpoint_); }

Result<void> MountedVolume::unmount() {
    auto& st = *state_;
    if (st.unmounted) return {};
    st.unmounted = true;
    Result<void> result;
    if (!mountpoint_.empty()) {
        auto r = unmount_path(mountpoint_);
        if (!r) result = std::unexpected(r.error());
    }
    if (st.fuse) {
        auto r = st.fuse->stop();
        if (!r && result) result = std::unexpected(r.error());
        st.fuse.reset();
    }
    std::error_code ec;
    if (st.created_mountpoint && !mountpoint_.empty() && !is_mount_point(mountpoint_)) fs::remove(mountpoint_, ec);
    if (!runtime_dir_.empty()) remove_runtime_dir(runtime_dir_);
    if (result) st.guardian.disarm();
    return result;
}

MountedVolume::~MountedVolume() { (void)unmount(); }

}  // namespace bde
