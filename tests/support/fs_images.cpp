#include "fs_images.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "io/file_source.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

extern char** environ;

namespace bde::test {
namespace fs = std::filesystem;

namespace {

void must(const std::vector<std::string>& argv) {
    auto r = run_program(argv);
    if (r.exit_code != 0) {
        std::string cmd;
        for (const auto& a : argv) cmd += a + " ";
        throw std::runtime_error("failed: " + cmd + "\n" + r.out + r.err);
    }
}

std::string unescape_mount(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size()) {
            out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 3), nullptr, 8)));
            i += 3;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> mounts_below(const std::string& dir) {
    std::vector<std::string> mounts;
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ss(line);
        std::string a, b, c, d, mp;
        ss >> a >> b >> c >> d >> mp;
        mp = unescape_mount(mp);
        if (mp == dir || mp.starts_with(dir + "/")) mounts.push_back(mp);
    }
    return mounts;
}

bool runtime_root_clean(const std::string& root) {
    if (!mounts_below(root).empty()) return false;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root, ec))
        if (e.path().filename() != "mounts" || !fs::is_empty(e.path(), ec)) return false;
    return true;
}

void unmount_all_below(const std::string& dir) {
    auto mounts = mounts_below(dir);
    std::sort(mounts.begin(), mounts.end(), [](const auto& x, const auto& y) { return x.size() > y.size(); });
    for (const auto& m : mounts) ::umount2(m.c_str(), MNT_DETACH);
}

MountScratchDir::~MountScratchDir() { unmount_all_below(dir_.path()); }

void write_random_file(const std::string& path, std::uint64_t size, unsigned seed) {
    std::ofstream out(path, std::ios::binary);
    std::mt19937_64 rng(seed);
    std::vector<std::uint64_t> block(8192);
    while (size > 0) {
        for (auto& w : block) w = rng();
        std::uint64_t n = std::min<std::uint64_t>(size, block.size() * 8);
        out.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(n));
        size -= n;
    }
}

void write_text_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

void populate_user_tree(const std::string& root, int small_files) {
    auto mk = [&](const std::string& rel) { fs::create_directories(root + "/" + rel); };
    mk("Users/Alice/Documents/Projects/2024/Q1");
    mk("Users/Alice/Pictures/Ünïcödé ÆØÅ 日本語");
    mk("Users/Alice/AppData/Local/Temp");
    mk("Users/Alice/AppData/Local/Microsoft/Windows/INetCache/IE");
    mk("Users/Alice/AppData/Local/Google/Chrome/User Data/Default/Cache");
    mk("Users/Alice/AppData/Roaming/Thunderbird");
    mk("Users/Bob/Desktop");
    mk("Windows/System32");
    write_text_file(root + "/Users/Alice/Documents/letter.txt", "Dear Bob,\nthe files are safe.\n");
    write_random_file(root + "/Users/Alice/Documents/Projects/2024/Q1/report.docx", 300000, 1);
    write_random_file(root + "/Users/Alice/Pictures/Ünïcödé ÆØÅ 日本語/photo 1.jpg", 1 << 20, 2);
    write_text_file(root + "/Users/Alice/Documents/empty.txt", "");
    write_random_file(root + "/Users/Alice/AppData/Roaming/Thunderbird/inbox", 200000, 3);
    write_random_file(root + "/Users/Alice/AppData/Local/Temp/setup.tmp", 100000, 4);
    write_random_file(root + "/Users/Alice/AppData/Local/Microsoft/Windows/INetCache/IE/x.dat", 50000, 5);
    write_random_file(root + "/Users/Alice/AppData/Local/Google/Chrome/User Data/Default/Cache/data_1", 50000, 6);
    write_text_file(root + "/Users/Bob/Desktop/notes.txt", "Bob's notes\n");
    write_text_file(root + "/Windows/System32/config.sys", "not user data\n");
    for (int i = 0; i < small_files; ++i)
        write_random_file(root + "/Users/Bob/Desktop/small-" + std::to_string(i) + ".bin", 100 + i * 37, 100 + i);
    // Windows' compatibility junction: points back up, a loop if followed.
    std::error_code ec;
    fs::create_directory_symlink("..", root + "/Users/Alice/AppData/Application Data", ec);
}

void make_ntfs_image(const std::string& path, std::uint64_t size, const std::function<void(const std::string&)>& fill) {
    {
        std::ofstream(path, std::ios::trunc);
    }
    fs::resize_file(path, size);
    must({"mkntfs", "-F", "-Q", "-q", path});
    std::string mp = path + ".fill";
    fs::create_directories(mp);
    must({"ntfs-3g", path, mp});
    try {
        fill(mp);
    } catch (...) {
        ::umount2(mp.c_str(), MNT_DETACH);
        throw;
    }
    must({"umount", mp});
    fs::remove(mp);
}

void make_fat32_image(const std::string& path, std::uint64_t size, const std::function<void(const std::string&)>& fill) {
    {
        std::ofstream(path, std::ios::trunc);
    }
    fs::resize_file(path, size);
    must({"mkfs.vfat", "-F", "32", path});
    std::string staging = path + ".staging";
    fs::remove_all(staging);
    fs::create_directories(staging);
    fill(staging);
    // FAT has no links: drop them (mcopy would follow a loop forever).
    std::vector<fs::path> links;
    for (auto it = fs::recursive_directory_iterator(staging); it != fs::end(it); ++it)
        if (it->is_symlink()) {
            links.push_back(it->path());
            it.disable_recursion_pending();
        }
    for (const auto& l : links) fs::remove(l);
    for (const auto& e : fs::directory_iterator(staging))
        must({"mcopy", "-s", "-m", "-Q", "-i", path, e.path().string(), "::/"});
    fs::remove_all(staging);
}

std::map<std::string, std::string> hash_tree(const std::string& root) {
    std::map<std::string, std::string> out;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::none); it != fs::end(it); ++it) {
        if (it->is_symlink()) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) out[fs::relative(it->path(), root).string()] = sha256_of_file(it->path().string());
    }
    return out;
}

int spawn_bderescue(const std::vector<std::string>& args, const std::string& stdout_path, const std::string& stderr_path) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> argv{bderescue_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargs;
    for (auto& a : argv) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, cargs[0], &fa, nullptr, cargs.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start bderescue");
    return pid;
}

int wait_for_exit(int pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::map<std::string, std::string> profile_files(const std::string& root) {
    std::map<std::string, std::string> out;
    for (auto& [path, sha] : hash_tree(root))
        if (path.starts_with("Users/") && path.find("/AppData/Local/Temp/") == std::string::npos &&
            path.find("/INetCache/") == std::string::npos && path.find("/Cache/") == std::string::npos)
            out[path] = sha;
    return out;
}

std::map<std::string, std::string> make_profile_ntfs(const std::string& path, std::uint64_t size, int small_files) {
    std::map<std::string, std::string> expected;
    make_ntfs_image(path, size, [&](const std::string& root) {
        populate_user_tree(root, small_files);
        expected = profile_files(root);
    });
    return expected;
}

std::map<std::string, std::string> copied_tree(const std::string& dest) {
    auto all = hash_tree(dest);
    all.erase("bderescue-manifest.jsonl");
    all.erase("bderescue-report.txt");
    for (auto it = all.begin(); it != all.end();)
        it = it->first.ends_with(".bderescue-partial") ? all.erase(it) : std::next(it);
    return all;
}

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::uint64_t offset_of_file_data(const std::string& image, const std::string& file) {
    std::string head(512, '\0'), sector(512, '\0');
    std::ifstream f(file, std::ios::binary);
    f.read(head.data(), 512);
    std::ifstream img(image, std::ios::binary);
    for (std::uint64_t off = 0; img.read(sector.data(), 512); off += 512)
        if (sector == head) return off;
    throw std::runtime_error("the data of " + file + " is not in " + image);
}

std::shared_ptr<const BlockSource> open_image_source(const std::string& path) {
    auto s = FileSource::open(path);
    if (!s) throw std::runtime_error(s.error().message);
    return std::shared_ptr<const BlockSource>(std::move(*s));
}

}  // namespace bde::test
