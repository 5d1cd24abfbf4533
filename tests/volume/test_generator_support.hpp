#pragma once
// Helpers for the generator tests: scratch directories, plaintext file systems made with the real
// mkfs tools, running build/bdegen, and reading a generated volume back through two independent
// readers: libbde (its C API, no FUSE needed) and dislocker-file.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bde::test {

// A directory under /tmp removed with everything in it when the object goes away.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

std::string bdegen_path();
std::string source_dir();

// A sparse file of this size (replacing any file there).
void make_empty_image(const std::string& path, std::uint64_t size);
// An NTFS image (mkntfs) holding a few files of random data copied in with ntfscp.
void make_ntfs_plaintext(const std::string& path, std::uint64_t size, unsigned sector_size = 512);
// A FAT32 image (mkfs.vfat) with a file added by mcopy.
void make_fat_plaintext(const std::string& path, std::uint64_t size);

// Runs bdegen with these arguments; REQUIREs success. Returns what it printed.
std::string run_bdegen(const std::vector<std::string>& args);
nlohmann::json read_json(const std::string& path);

// Credentials for the readers.
struct Unlock {
    enum class Kind { recovery_password, password, startup_key_file, clear_key } kind;
    std::string value;  // the digits, the password or the .BEK path
};

// Reads the whole decrypted volume through libbde; nullopt when libbde cannot open or unlock it
// (`why` then holds libbde's message).
std::optional<std::vector<std::uint8_t>> libbde_read_all(const std::string& volume, const Unlock& unlock,
                                                         std::string* why = nullptr);
bool libbde_is_20190102();

// Decrypts the volume (at byte `offset` of the file, e.g. a partition) with dislocker-file into `out`;
// false (with its log in `why`) when it fails.
bool dislocker_decrypt(const std::string& volume, const Unlock& unlock, const std::string& out,
                       std::string* why = nullptr, std::uint64_t offset = 0);

// A reference reader: rebuilds the plaintext from a raw volume and its FVEK by the rules libbde and
// dislocker follow (metadata copies and the boot-sector backup read as zeros, the first 8 KiB come from
// the backup, nothing at or past `encrypted_bytes` is decrypted). Uses bdegen's sector cipher.
struct ReferenceLayout {
    std::string method;  // "aes-xts-128", ...
    std::vector<std::uint8_t> fvek;
    std::uint32_t sector_size = 512;
    std::uint64_t encrypted_bytes = 0;
    std::uint64_t boot_backup = 0;
    std::vector<std::uint64_t> metadata_offsets;
};
ReferenceLayout reference_layout_from_keys(const nlohmann::json& keys);  // from bdegen --print-keys-json
std::vector<std::uint8_t> reference_decrypt(const std::string& volume, const ReferenceLayout& layout);
std::string sha256_hex(const std::vector<std::uint8_t>& data);

std::vector<std::uint8_t> read_file(const std::string& path);
bool files_equal(const std::string& a, const std::string& b);

}  // namespace bde::test
