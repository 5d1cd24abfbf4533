#pragma once
// Builds whole-disk image files for discovery tests: a GPT or MBR partition table written by the
// util-linux tools (sfdisk for 512-byte sectors, fdisk -b 4096 for 4K), contents placed sparsely with dd.
#include <cstdint>
#include <string>
#include <vector>

namespace bde::test {

struct PartitionSpec {
    std::uint64_t start = 0;  // in sectors of the image's sector size
    std::uint64_t sectors = 0;
    std::string type;         // GPT type GUID, or MBR type in hex ("7", "c", "5" for extended)
    std::string name;         // GPT partition name
};

struct DiskImageSpec {
    std::string label = "gpt";        // "gpt" or "dos"
    std::uint32_t sector_size = 512;  // 512 or 4096
    std::uint64_t size = 0;           // bytes
    std::vector<PartitionSpec> partitions;
};

// Well-known types for the specs.
inline constexpr const char* gpt_basic_data = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7";
inline constexpr const char* gpt_efi_system = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";

// A fresh directory under $TMPDIR, removed with everything in it when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// Creates `path` (sparse) with the partition table of `spec`. Throws when a tool fails.
void make_disk_image(const std::string& path, const DiskImageSpec& spec);
// Copies all of `source` into `image` at byte `offset` without growing holes into data (dd conv=sparse).
void place_file(const std::string& source, const std::string& image, std::uint64_t offset);
// A FAT file system image of `bytes` bytes with the given label (mkfs.fat).
void make_fat_image(const std::string& path, std::uint64_t bytes, const std::string& label);

}  // namespace bde::test
