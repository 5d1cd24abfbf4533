#pragma once
// What the key-file tests share: credentials of the cryptsetup test volumes (public, from
// ../shared/testdata/bitlk-images.conf), the realistic file writers of tools/demo_keys, random valid keys
// for long lists, and a per-test temporary folder.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "../../tools/demo_keys/windows_key_samples.hpp"
#include "keys/key_file_parser.hpp"
#include "keys/key_id.hpp"
#include "keys/recovery_password.hpp"
#include "util/secure_buffer.hpp"

namespace keytest {

using namespace keysamples;
using TestCredential = SampleKey;
// bitlk-aes-xts-128, bitlk-aes-cbc-128, bitlk-aes-xts-128-two-recovery (RP and RP2), bitlk-togo-aes-xts-128.
inline constexpr TestCredential xts128{"64311DEA-4587-4029-924A-BA299647998E",
                                   "235818-357951-253979-013365-241120-245575-342914-591910"};
inline constexpr TestCredential cbc128{"3FD763F9-74C7-4E90-8FA2-1F6A2E2B4E0C",
                                   "042647-302313-590458-071500-554323-116567-412181-516978"};
inline constexpr TestCredential two_rp1{"E7E48BAE-FF13-4F14-8222-971D469FAE0D",
                                    "478401-067859-043868-000935-121330-337425-718509-484979"};
inline constexpr TestCredential two_rp2{"B7ADC334-FE6D-4AE4-B5C4-1C1D0DBC335B",
                                    "297693-343387-338492-284526-405482-424886-634931-555093"};
inline constexpr TestCredential togo{"CFC68DDA-E393-44C3-9C3B-E73480F2BD17",
                                 "243067-548680-059818-148852-287771-550088-628265-631653"};

inline bde::SecureBuffer key_of(std::string_view rp) { return bde::RecoveryPassword::parse(rp).value().key(); }
inline bde::KeyId id_of(std::string_view id) { return bde::KeyId::parse(id).value(); }

// Reads bytes as the file /stick/<name> would be read.
inline bde::ParsedKeys parse_sample(const std::string& bytes, const std::string& name) {
    return bde::parse_key_file({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, "/stick/" + name);
}

// The key found for a credential (by its secret), or nullptr.
inline const bde::FoundKey* find_key(const std::vector<bde::FoundKey>& keys, const TestCredential& c) {
    for (const auto& k : keys)
        if (k.secret == key_of(c.rp)) return &k;
    return nullptr;
}

// Valid random keys and IDs for long lists (fixed seed: failures reproduce).
class KeyFactory {
public:
    explicit KeyFactory(unsigned seed = 1234) : rng_(seed) {}
    std::string key() {
        std::string s;
        for (int g = 0; g < 8; ++g) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "%06u", unsigned(std::uniform_int_distribution<unsigned>(0, 65535)(rng_) * 11));
            s += (g ? "-" : "") + std::string(buf);
        }
        return s;
    }
    std::string guid() {
        static const char* hex = "0123456789ABCDEF";
        std::string s;
        for (int i = 0; i < 32; ++i) {
            if (i == 8 || i == 12 || i == 16 || i == 20) s += '-';
            s += hex[std::uniform_int_distribution<int>(0, 15)(rng_)];
        }
        return s;
    }

private:
    std::mt19937 rng_;
};

// A fresh folder under $TMPDIR for one test, removed with everything in it afterwards.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "bderescue-keys-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        // Give back permissions a test took away, so everything can be removed.
        for (auto it = std::filesystem::recursive_directory_iterator(path_, std::filesystem::directory_options::skip_permission_denied, ec);
             it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
            if (!it->is_symlink(ec)) ::chmod(it->path().c_str(), 0755);
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    std::string operator/(std::string_view name) const { return path_ + "/" + std::string(name); }
    std::string write(std::string_view name, std::string_view bytes) const {
        std::string p = *this / name;
        std::filesystem::create_directories(std::filesystem::path(p).parent_path());
        std::ofstream out(p, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) throw std::runtime_error("cannot write " + p);
        return p;
    }
    std::string mkdir(std::string_view name) const {
        std::string p = *this / name;
        std::filesystem::create_directories(p);
        return p;
    }

private:
    std::string path_;
};

}  // namespace keytest
