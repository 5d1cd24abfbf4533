#include "bde/bek_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "bde/fve_entries.hpp"
#include "bde/le_bytes.hpp"

namespace bde {
namespace {

constexpr std::size_t kBekHeader = 48;

std::unexpected<Error> not_a_bek(std::string why) {
    return fail(Errc::malformed_key, "This is not a BitLocker startup key (.BEK) file.", std::move(why));
}

}  // namespace

Result<BekFile> parse_bek(std::span<const std::uint8_t> b) {
    if (b.size() < kBekHeader + kEntryHeaderSize) return not_a_bek(fmt::format("{} bytes", b.size()));
    if (le32(b.data()) != b.size() || le32(b.data() + 4) != 1 || le32(b.data() + 8) != kBekHeader)
        return not_a_bek("header sizes do not match the file");
    BekFile bek;
    bek.key_id = KeyId::from_disk_bytes(b.data() + 16);
    auto entries = split_entries(b.subspan(kBekHeader));
    if (!entries) return not_a_bek(entries.error().detail);
    for (const FveEntry& e : *entries) {
        if (e.entry_type != entry_type::startup_key || e.value_type != value_type::external_key || e.data.size() < 24)
            continue;
        auto props = split_entries(e.data.subspan(24));  // after key ID (16) and time (8)
        if (!props) return not_a_bek(props.error().detail);
        for (const FveEntry& p : *props) {
            if (p.value_type == value_type::key && p.data.size() == 4 + 32) bek.key = SecureBuffer(p.data.subspan(4));
            else if (p.value_type == 0x0017 && p.data.size() >= 16) bek.volume_id = KeyId::from_disk_bytes(p.data.data());
        }
    }
    if (bek.key.size() != 32) return not_a_bek("no 32-byte key inside");
    return bek;
}

Result<BekFile> read_bek_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Errc::not_found, fmt::format("Cannot open the startup key file {}.", path));
    std::vector<std::uint8_t> bytes;
    bytes.resize(64 * 1024 + 1);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > 64 * 1024) return not_a_bek("larger than 64 KiB");
    auto bek = parse_bek(bytes);
    secure_wipe(bytes.data(), bytes.size());
    if (!bek) {
        Error e = bek.error();
        e.message = fmt::format("{} is not a BitLocker startup key (.BEK) file.", path);
        return std::unexpected(e);
    }
    return bek;
}

}  // namespace bde
