// Crafted and damaged volumes through the public open path (`bderescue info` / `unlock`): metadata offsets
// outside the volume, entries that run past their block, zero-size and endless tiny entries, impossible
// sizes, truncated images. Each gives exit code 9 (damaged) or 6 (not BitLocker) and a readable message,
// or opens when one good metadata copy is left; never a crash. The program runs with its data segment
// limited to 256 MiB, so a size taken from the volume and allocated as is would fail the test.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>

#include "bde/le_bytes.hpp"
#include "bde/volume_info.hpp"
#include "crypto/crc32.hpp"
#include "fs_images.hpp"
#include "run_cli.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::test;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<std::uint8_t>;

// bderescue with at most 256 MiB of heap. Not under AddressSanitizer: it maps terabytes of shadow memory
// at start (and refuses absurd allocations by itself).
CliResult run_limited(std::vector<std::string> args) {
#if defined(__SANITIZE_ADDRESS__)
    return run_bderescue(args);
#else
    args.insert(args.begin(), {"prlimit", "--data=268435456", bderescue_path()});
    return run_program(args);
#endif
}

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v), b[at + 1] = static_cast<std::uint8_t>(v >> 8);
}
void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put64(Bytes& b, std::size_t at, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// A sparse, writable copy of a Windows-made volume to damage.
class Crafted {
public:
    Crafted() : source_(test_volume("bitlk-aes-xts-128")), path_(dir_ / "crafted.img") {
        REQUIRE(run_program({"cp", "--sparse=always", source_.path, path_}).exit_code == 0);
        auto info = read_volume_info(*open_image_source(source_.path));
        REQUIRE(info);
        offsets_ = info->metadata_offsets;
        REQUIRE(offsets_.size() == 3);
    }
    const std::string& path() const { return path_; }
    const TestVolume& source() const { return source_; }

    Bytes read(std::uint64_t at, std::size_t n) const {
        Bytes b(n);
        std::ifstream in(path_, std::ios::binary);
        in.seekg(static_cast<std::streamoff>(at));
        in.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(n));
        return b;
    }
    void write(std::uint64_t at, const Bytes& b) {
        std::fstream out(path_, std::ios::binary | std::ios::in | std::ios::out);
        out.seekp(static_cast<std::streamoff>(at));
        out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
        REQUIRE(out.good());
    }
    // Changes metadata copies (0-based) and gives each its correct CRC-32 again, so the damage gets past
    // the checksum into the parser.
    void change_copies(std::initializer_list<int> copies, const std::function<void(Bytes&)>& change) {
        for (int c : copies) {
            Bytes block = read(offsets_[c], 64 * 1024);
            change(block);
            std::size_t covered = std::size_t{le16(block.data() + 8)} * 16;
            if (covered + 8 <= block.size()) put32(block, covered + 4, crypto::crc32(std::span(block.data(), covered)));
            write(offsets_[c], block);
        }
    }
    void change_all_copies(const std::function<void(Bytes&)>& change) { change_copies({0, 1, 2}, change); }
    void truncate(std::uint64_t size) { fs::resize_file(path_, size); }

private:
    MountScratchDir dir_;
    const TestVolume& source_;
    std::string path_;
    std::vector<std::uint64_t> offsets_;
};

constexpr std::size_t kEntries = 64 + 48;  // block header, metadata header, then the entries

// info and unlock both refuse with `code`, saying `says`.
void both_refuse(const Crafted& v, int code, const std::string& says) {
    auto info = run_limited({"info", v.path()});
    auto unlock = run_limited({"unlock", v.path(), "-r", v.source().get("RP")});
    for (const CliResult* r : {&info, &unlock}) {
        INFO(r->out + r->err);
        CHECK(r->exit_code == code);
        CHECK(r->err.find(says) != std::string::npos);
        CHECK(r->err.rfind("bderescue: ", 0) == 0);  // a message for people, not an exception text
    }
}

// info and unlock (with the given credential option) both succeed; returns info's JSON.
nlohmann::json both_open(const Crafted& v, const std::string& option, const std::string& key) {
    auto unlock = run_limited({"unlock", v.path(), option, v.source().get(key)});
    INFO(unlock.err);
    CHECK(unlock.exit_code == 0);
    auto info = run_limited({"info", v.path(), "--json"});
    REQUIRE(info.exit_code == 0);
    return nlohmann::json::parse(info.out);
}

}  // namespace

TEST_CASE("crafted volume: metadata offsets outside the volume", "[cli][reliability][crafted]") {
    Crafted v;
    Bytes header = v.read(0, 512);
    put64(header, 0xB0, std::uint64_t{1} << 40);
    put64(header, 0xB8, 0xFFFF'FFFF'FFFF'0000ULL);
    put64(header, 0xC0, fs::file_size(v.path()) - 100);  // a block cut off by the end of the volume
    v.write(0, header);
    both_refuse(v, 9, "damaged");
}

TEST_CASE("crafted volume: an image cut short before the metadata", "[cli][reliability][crafted]") {
    Crafted v;
    v.truncate(10 << 20);
    both_refuse(v, 9, "cut short");
}

TEST_CASE("crafted volume: an image cut short after the metadata opens with what is there", "[cli][reliability][crafted]") {
    Crafted v;
    v.truncate(60 << 20);
    auto j = both_open(v, "-r", "RP");
    CHECK(j["size"] == 60 << 20);
    CHECK(j["notes"].dump().find("truncated") != std::string::npos);
}

TEST_CASE("crafted volume: entries that run past the metadata in every copy", "[cli][reliability][crafted]") {
    Crafted v;
    v.change_all_copies([](Bytes& b) { put16(b, kEntries, 0xFFFF); });
    both_refuse(v, 9, "All three copies of the BitLocker metadata on this volume are damaged");
}

TEST_CASE("crafted volume: a metadata size of 4 GiB and a block size beyond 64 KiB", "[cli][reliability][crafted]") {
    SECTION("metadata size") {
        Crafted v;
        v.change_all_copies([](Bytes& b) { put32(b, 64, 0xFFFF'FFF0u); });
        both_refuse(v, 9, "damaged");
    }
    SECTION("block size") {
        Crafted v;
        v.change_all_copies([](Bytes& b) { put16(b, 8, 0xFFFF); });
        both_refuse(v, 9, "damaged");
    }
    SECTION("impossible sector size in the volume header") {
        Crafted v;
        Bytes header = v.read(0, 512);
        put16(header, 11, 1000);
        v.write(0, header);
        both_refuse(v, 9, "damaged");
    }
}

TEST_CASE("crafted volume: a zero-size entry or thousands of tiny unknown entries", "[cli][reliability][crafted]") {
    auto zero_first_entry = [](Bytes& b) { put16(b, kEntries, 0); };
    auto tiny_entries = [](Bytes& b) {
        std::uint32_t metadata_size = le32(b.data() + 64);
        for (std::size_t at = kEntries; at + 8 <= 64 + metadata_size; at += 8) {
            put16(b, at, 8), put16(b, at + 2, 0x7777), put16(b, at + 4, 0x7777), put16(b, at + 6, 1);
        }
    };
    for (const auto& change : {std::function<void(Bytes&)>(zero_first_entry), std::function<void(Bytes&)>(tiny_entries)}) {
        Crafted v;
        v.change_all_copies(change);
        auto info = run_limited({"info", v.path()});  // shows what there is: no protectors
        CHECK(info.exit_code == 0);
        auto unlock = run_limited({"unlock", v.path(), "-r", v.source().get("RP")});
        INFO(unlock.err);
        CHECK(unlock.exit_code == 9);
        CHECK(unlock.err.find("no protector") != std::string::npos);
    }
}

TEST_CASE("crafted volume: one copy with its entries gone, the others intact, still opens", "[cli][reliability][crafted]") {
    Crafted v;
    v.change_copies({0}, [](Bytes& b) { put16(b, kEntries, 0); });
    auto j = both_open(v, "-p", "PW");
    CHECK(j["metadata_copies_good"] == 2);
    CHECK(j["protectors"].size() == 2);
    CHECK(j["notes"].dump().find("copy 1 of 3 is damaged") != std::string::npos);
}

TEST_CASE("crafted volume: no BitLocker signature is 'not BitLocker'", "[cli][reliability][crafted]") {
    Crafted v;
    Bytes header = v.read(0, 512);
    std::fill(header.begin() + 3, header.begin() + 11, 'X');
    v.write(0, header);
    both_refuse(v, 6, "BitLocker");
}
