#pragma once
// Plain file-system images for the data tests (copy, mount, image): NTFS made with mkntfs and filled
// through an ntfs-3g mount, FAT32 with mkfs.vfat + mcopy, exFAT with mkfs.exfat. Temporary folders
// that unmount whatever is left mounted inside before they are deleted.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "disk_images.hpp"
#include "io/block_source.hpp"

namespace bde::test {

// A temporary folder (disk_images.hpp's TempDir) that first unmounts whatever a failed test left
// mounted inside it, so nothing is deleted through a mount and no mount outlives the test.
class MountScratchDir {
public:
    MountScratchDir() = default;
    ~MountScratchDir();
    MountScratchDir(const MountScratchDir&) = delete;
    MountScratchDir& operator=(const MountScratchDir&) = delete;
    const std::string& path() const { return dir_.path(); }
    std::string operator/(const std::string& rel) const { return dir_.file(rel); }

private:
    TempDir dir_;
};

// Lazily unmounts everything mounted at or below dir (deepest first).
void unmount_all_below(const std::string& dir);

// Writes `size` bytes of deterministic pseudo-random data (seeded) to path.
void write_random_file(const std::string& path, std::uint64_t size, unsigned seed);
void write_text_file(const std::string& path, const std::string& text);

// A typical Windows user tree under root: profiles with nested folders, Unicode names, an empty file,
// caches that the default selection skips, a junction-like link loop ("Application Data" -> "..").
void populate_user_tree(const std::string& root, int small_files = 50);

// mkntfs -F -Q on a sparse file of size bytes, then fill(root_of_the_mounted_image) through ntfs-3g.
void make_ntfs_image(const std::string& path, std::uint64_t size, const std::function<void(const std::string&)>& fill);
// mkfs.vfat -F 32 then mcopy of everything that fill() puts into a staging folder.
void make_fat32_image(const std::string& path, std::uint64_t size, const std::function<void(const std::string&)>& fill);

// Starts bderescue in the background (stdout and stderr to the given files); returns its pid.
int spawn_bderescue(const std::vector<std::string>& args, const std::string& stdout_path,
                    const std::string& stderr_path = "/dev/null");
// Waits for a spawned process; returns its exit code (128 + signal when killed).
int wait_for_exit(int pid);
// Mount points (from /proc/self/mountinfo) at or below dir.
std::vector<std::string> mounts_below(const std::string& dir);
// A runtime root (BDERESCUE_RUNTIME_DIR) after every mount has ended: nothing mounted below it, no mount
// record left (the records folder "mounts" itself may stay), nothing else created.
bool runtime_root_clean(const std::string& root);

// The SHA-256 of every file the default copy selection takes from a populate_user_tree() tree
// (the profiles under Users/ without their caches), by path.
std::map<std::string, std::string> profile_files(const std::string& root);
// An NTFS image filled by populate_user_tree(); returns profile_files() of it.
std::map<std::string, std::string> make_profile_ntfs(const std::string& path, std::uint64_t size, int small_files);
// hash_tree() of a copy destination without bderescue's own records and partial files.
std::map<std::string, std::string> copied_tree(const std::string& dest);

// The whole content of a file.
std::string file_text(const std::string& path);
// Byte offset of the first 512-byte sector of image equal to the first 512 bytes of file.
std::uint64_t offset_of_file_data(const std::string& image, const std::string& file);
// An image file as a read-only BlockSource (throws if it cannot be opened).
std::shared_ptr<const BlockSource> open_image_source(const std::string& path);

// Every regular file below root as "relative/path" -> sha256 (symlinks not followed).
std::map<std::string, std::string> hash_tree(const std::string& root);

}  // namespace bde::test
