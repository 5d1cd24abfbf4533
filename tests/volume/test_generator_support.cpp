#include "test_generator_support.hpp"

#include <catch2/catch.hpp>
// Debian's libbde.h includes libbfio.h (not packaged with libbde-dev) for functions we do not use.
#include <libbde/features.h>
#undef LIBBDE_HAVE_BFIO
#include <libbde.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>

#include "run_cli.hpp"
#include "fve_crypto.hpp"
#include "sector_cipher.hpp"

namespace bde::test {
namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
    char name[] = "/tmp/bdegen-test-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path_ = name;
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string bdegen_path() {
    const char* dir = std::getenv("BDERESCUE_BUILD_DIR");
    return std::string(dir ? dir : BDERESCUE_BINARY_DIR) + "/bdegen";
}

std::string source_dir() { return BDERESCUE_SOURCE_DIR; }

namespace {

void write_random_file(const std::string& path, std::size_t size, unsigned seed) {
    std::mt19937 gen(seed);
    std::vector<char> data(size);
    for (auto& c : data) c = static_cast<char>(gen() & 0xFF);
    std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
}

void require_ok(const std::vector<std::string>& argv) {
    CliResult r = run_program(argv);
    INFO(argv[0] << " said: " << r.out << r.err);
    REQUIRE(r.exit_code == 0);
}

}  // namespace

void make_empty_image(const std::string& path, std::uint64_t size) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).close();
    fs::resize_file(path, size);
}

void make_ntfs_plaintext(const std::string& path, std::uint64_t size, unsigned sector_size) {
    make_empty_image(path, size);
    require_ok({"mkntfs", "-F", "-Q", "-q", "-s", std::to_string(sector_size), "-L", "BDEGEN", path});
    std::string scratch = path + ".file";
    for (unsigned i = 0; i < 3; ++i) {
        write_random_file(scratch, 300000 + 70001 * i, i);
        require_ok({"ntfscp", path, scratch, "file" + std::to_string(i) + ".bin"});
    }
    fs::remove(scratch);
}

void make_fat_plaintext(const std::string& path, std::uint64_t size) {
    make_empty_image(path, size);
    require_ok({"mkfs.vfat", "-F", "32", "-n", "BDEGEN", path});
    std::string scratch = path + ".file";
    write_random_file(scratch, 500000, 7);
    require_ok({"mcopy", "-i", path, scratch, "::/data.bin"});
    fs::remove(scratch);
}

std::string run_bdegen(const std::vector<std::string>& args) {
    std::vector<std::string> argv{bdegen_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    CliResult r = run_program(argv);
    INFO("bdegen said: " << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

namespace {

struct VolumeFree {
    void operator()(libbde_volume_t* v) const {
        libbde_volume_close(v, nullptr);
        libbde_volume_free(&v, nullptr);
    }
};

std::string take_message(libbde_error_t*& error) {
    char text[1024] = {};
    if (error) {
        libbde_error_backtrace_sprint(error, text, sizeof text);  // every level, not just the last
        libbde_error_free(&error);
    }
    return text;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> libbde_read_all(const std::string& volume, const Unlock& unlock,
                                                         std::string* why) {
    libbde_error_t* error = nullptr;
    libbde_volume_t* raw = nullptr;
    REQUIRE(libbde_volume_initialize(&raw, &error) == 1);
    std::unique_ptr<libbde_volume_t, VolumeFree> vol(raw);
    auto text = reinterpret_cast<const std::uint8_t*>(unlock.value.data());
    int ok = 1;
    switch (unlock.kind) {
        case Unlock::Kind::recovery_password:
            ok = libbde_volume_set_utf8_recovery_password(vol.get(), text, unlock.value.size(), &error);
            break;
        case Unlock::Kind::password:
            ok = libbde_volume_set_utf8_password(vol.get(), text, unlock.value.size(), &error);
            break;
        case Unlock::Kind::startup_key_file:
            ok = libbde_volume_read_startup_key(vol.get(), unlock.value.c_str(), &error);
            break;
        case Unlock::Kind::clear_key: break;
    }
    auto failed = [&](const std::string& what) {
        if (why) *why = what + ": " + take_message(error);
        else take_message(error);
        return std::nullopt;
    };
    if (ok != 1) return failed("credential refused");
    if (libbde_volume_open(vol.get(), volume.c_str(), LIBBDE_OPEN_READ, &error) != 1) return failed("open failed");
    if (libbde_volume_is_locked(vol.get(), &error) != 0) return failed("still locked");
    size64_t size = 0;
    REQUIRE(libbde_volume_get_size(vol.get(), &size, &error) == 1);
    std::vector<std::uint8_t> data(size);
    for (std::uint64_t at = 0; at < size;) {
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(1 << 20, size - at));
        ssize_t got = libbde_volume_read_buffer_at_offset(vol.get(), data.data() + at, n, static_cast<off64_t>(at), &error);
        if (got != static_cast<ssize_t>(n)) return failed("read failed");
        at += n;
    }
    return data;
}

bool libbde_is_20190102() { return std::string(libbde_get_version()) == "20190102"; }

bool dislocker_decrypt(const std::string& volume, const Unlock& unlock, const std::string& out, std::string* why,
                       std::uint64_t offset) {
    std::error_code ec;
    fs::remove(out, ec);
    std::vector<std::string> argv{"dislocker-file", "-V", volume, "-O", std::to_string(offset)};
    switch (unlock.kind) {
        case Unlock::Kind::recovery_password: argv.push_back("-p" + unlock.value); break;
        case Unlock::Kind::password: argv.push_back("-u" + unlock.value); break;
        case Unlock::Kind::startup_key_file: argv.insert(argv.end(), {"-f", unlock.value}); break;
        case Unlock::Kind::clear_key: argv.push_back("-c"); break;
    }
    argv.insert(argv.end(), {"--", out});
    CliResult r = run_program(argv);
    if (why) *why = r.out + r.err;
    return r.exit_code == 0 && fs::exists(out);
}

ReferenceLayout reference_layout_from_keys(const nlohmann::json& keys) {
    ReferenceLayout l;
    l.method = keys["method"];
    std::string hex = keys["fvek"];
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        l.fvek.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    l.sector_size = keys["sector_size"];
    l.encrypted_bytes = keys["encrypted_bytes"];
    l.boot_backup = keys["boot_backup_offset"];
    for (const auto& m : keys["metadata_offsets"]) l.metadata_offsets.push_back(m);
    return l;
}

std::vector<std::uint8_t> reference_decrypt(const std::string& volume, const ReferenceLayout& l) {
    constexpr std::uint64_t kBootArea = 8192;
    auto raw = read_file(volume);
    auto method = bdegen::parse_method(l.method);
    REQUIRE(method);
    bdegen::SectorCipher cipher(*method, bde::SecureBuffer(l.fvek.data(), l.fvek.size()), l.sector_size);
    std::vector<std::uint8_t> out(raw.size());
    for (std::uint64_t at = 0; at < raw.size(); at += l.sector_size) {
        std::uint64_t from = at < kBootArea ? l.boot_backup + at : at;
        std::copy_n(raw.data() + from, l.sector_size, out.data() + at);
        if (from < l.encrypted_bytes) cipher.decrypt(std::span(out.data() + at, l.sector_size), from);
    }
    for (std::uint64_t m : l.metadata_offsets) std::fill_n(out.data() + m, 64 * 1024, 0);
    std::fill_n(out.data() + l.boot_backup, kBootArea, 0);
    return out;
}

std::string sha256_hex(const std::vector<std::uint8_t>& data) {
    auto digest = bdegen::sha256(data);
    std::string hex;
    for (auto b : digest) hex += fmt::format("{:02x}", b);
    return hex;
}

std::vector<std::uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::vector<std::uint8_t> data(fs::file_size(path));
    in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
    REQUIRE(in.gcount() == static_cast<std::streamsize>(data.size()));
    return data;
}

bool files_equal(const std::string& a, const std::string& b) {
    std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
    if (!fa || !fb) return false;
    std::vector<char> ba(1 << 20), bb(1 << 20);
    while (true) {
        fa.read(ba.data(), static_cast<std::streamsize>(ba.size()));
        fb.read(bb.data(), static_cast<std::streamsize>(bb.size()));
        if (fa.gcount() != fb.gcount()) return false;
        if (fa.gcount() == 0) return true;
        if (!std::equal(ba.begin(), ba.begin() + fa.gcount(), bb.begin())) return false;
    }
}

}  // namespace bde::test
