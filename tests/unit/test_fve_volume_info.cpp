// Volume headers and read_volume_info over small in-memory volumes.
#include <catch2/catch.hpp>

#include "bde/fve_reader.hpp"
#include "bde/volume_header.hpp"
#include "bde/volume_info.hpp"
#include "bde/volume_info_json.hpp"
#include "fve_block_builder.hpp"

using namespace bde;
using namespace bde::test;

namespace {

BlockFields small_fields() {
    BlockFields f;
    f.encrypted_size = 4 << 20;
    return f;
}

std::vector<std::uint8_t> entries_with_protectors() {
    std::vector<std::uint8_t> hb;
    put64(hb, 0x110000);
    put64(hb, 8192);
    return concat({entry(0x0007, 0x0002, utf16("PC D: 1/2/2024")),
                   vmk_entry(0x11, 0x0800, concat({stretch_key_entry(1), entry(0x0000, 0x0005, wrapped(44))})),
                   vmk_entry(0x22, 0x0100, concat({entry(0x0000, 0x0006, std::vector<std::uint8_t>(40, 2))})),
                   entry(0x0003, 0x0005, wrapped(44)), entry(0x000F, 0x000F, hb)});
}

}  // namespace

TEST_CASE("volume headers: Windows 7+, Vista, To Go, and what is not BitLocker", "[unit][fve]") {
    auto seven = parse_volume_header(boot_sector());
    REQUIRE(seven);
    CHECK(seven->flavor == HeaderFlavor::seven);
    CHECK(seven->metadata_offsets[2] == 0x300000);
    CHECK_FALSE(seven->encrypt_on_write);

    auto four_k = parse_volume_header(boot_sector({}, 4096));
    REQUIRE(four_k);
    CHECK(four_k->sector_size == 4096);

    auto eow = boot_sector();
    const std::uint8_t eow_guid[16] = {0x3b, 0x4d, 0xa8, 0x92, 0x80, 0xdd, 0x0e, 0x4d,
                                       0x9e, 0x4e, 0xb1, 0xe3, 0x28, 0x4e, 0xae, 0xd8};
    std::memcpy(eow.data() + 160, eow_guid, 16);
    CHECK(parse_volume_header(eow)->encrypt_on_write);

    auto vista = boot_sector();
    vista[1] = 0x52;
    put_le64(vista.data() + 56, 0x100);  // metadata cluster
    auto v = parse_volume_header(vista);
    REQUIRE(v);
    CHECK(v->flavor == HeaderFlavor::vista);
    CHECK(v->metadata_offsets[0] == 0x100ull * 8 * 512);

    auto togo = boot_sector();
    std::memcpy(togo.data() + 3, "MSWIN4.1", 8);
    std::memcpy(togo.data() + 424, togo.data() + 160, 16);
    std::memset(togo.data() + 160, 0, 40);
    put_le64(togo.data() + 440, 0x200000);
    auto t = parse_volume_header(togo);
    REQUIRE(t);
    CHECK(t->flavor == HeaderFlavor::to_go);
    CHECK(t->metadata_offsets[0] == 0x200000);

    auto plain_fat = togo;
    std::memset(plain_fat.data() + 424, 0, 16);
    CHECK(parse_volume_header(plain_fat).error().code == Errc::not_bitlocker);

    auto ntfs = boot_sector();
    std::memcpy(ntfs.data() + 3, "NTFS    ", 8);
    CHECK(parse_volume_header(ntfs).error().code == Errc::not_bitlocker);

    auto odd = boot_sector({}, 520);
    CHECK(parse_volume_header(odd).error().code == Errc::corrupt);
    CHECK(parse_volume_header(std::span(odd.data(), 100)).error().code == Errc::not_bitlocker);
}

TEST_CASE("read_volume_info fills the VolumeInfo and its JSON", "[unit][fve]") {
    auto f = small_fields();
    MemorySource src(small_volume(fve_block(entries_with_protectors(), f), f));
    auto info = read_volume_info(src);
    REQUIRE(info);
    CHECK(info->description == "PC D: 1/2/2024");
    CHECK(info->method == EncryptionMethod::aes_xts_128);
    CHECK(info->state == VolumeState::fully_encrypted);
    CHECK(info->good_metadata_copies == 3);
    CHECK(info->header_backup_offset == 0x110000);
    CHECK(info->header_backup_size == 8192);
    CHECK(info->metadata_area_size == 65536);
    REQUIRE(info->protectors.size() == 2);
    CHECK(info->protectors[0].type == ProtectorType::recovery_password);
    CHECK(info->protectors[1].type == ProtectorType::tpm);
    CHECK_FALSE(info->protectors[1].usable_offline());
    CHECK(info->notes.empty());
    CHECK(looks_like_bitlocker(src));

    auto j = to_json(*info, "/dev/sdz2", 1048576);
    for (const char* key : {"device", "offset", "size", "kind", "state", "method", "description", "volume_id",
                            "created", "protectors"})
        CHECK(j.contains(key));
    CHECK(j["method"] == "aes-xts-128");
    CHECK(j["state"] == "fully-encrypted");
    CHECK(j["protectors"][0]["type"] == "recovery-password");
    CHECK(j["protectors"][0]["key_id"] == info->protectors[0].key_id.str());
    CHECK(j["offset"] == 1048576);

    auto advice = offline_advice(*info);
    REQUIRE(advice.size() == 2);
    CHECK(advice[0].find(info->protectors[0].key_id.str()) != std::string::npos);
    CHECK(advice[1].find("only inside the original PC") != std::string::npos);
}

TEST_CASE("one good metadata copy is enough, none is a clear error", "[unit][fve]") {
    auto f = small_fields();
    auto volume = small_volume(fve_block(entries_with_protectors(), f), f);
    SECTION("copies 1 and 2 damaged") {
        volume[f.offsets[0] + 300] ^= 0xFF;
        std::fill_n(volume.begin() + static_cast<long>(f.offsets[1]), 65536, 0);
        MemorySource src(volume);
        auto info = read_volume_info(src);
        REQUIRE(info);
        CHECK(info->good_metadata_copies == 1);
        CHECK(info->metadata_copy_used == 2);
        REQUIRE(info->notes.size() == 2);
        CHECK(info->notes[0].find("copy 1 of 3 is damaged") != std::string::npos);
    }
    SECTION("all three damaged") {
        for (auto o : f.offsets) volume[o + 300] ^= 0xFF;
        MemorySource src(volume);
        auto info = read_volume_info(src);
        REQUIRE(!info);
        CHECK(info.error().code == Errc::corrupt);
        CHECK(info.error().message.find("All three copies") != std::string::npos);
    }
    SECTION("a copy offset beyond the end of the volume") {
        auto bs = boot_sector(f);
        put_le64(bs.data() + 184, 1ull << 40);
        std::copy(bs.begin(), bs.end(), volume.begin());
        MemorySource src(volume);
        auto info = read_volume_info(src);
        REQUIRE(info);
        CHECK(info->good_metadata_copies == 2);
    }
    SECTION("not BitLocker at all") {
        MemorySource src(std::vector<std::uint8_t>(8192, 0));
        CHECK(read_volume_info(src).error().code == Errc::not_bitlocker);
        CHECK_FALSE(looks_like_bitlocker(src));
    }
}

TEST_CASE("conversion states map to what the user is told", "[unit][fve]") {
    auto f = small_fields();
    auto state_of = [&](std::uint16_t current, std::uint16_t next, std::uint64_t encrypted) {
        auto block = fve_block(entries_with_protectors(), f);
        block[12] = static_cast<std::uint8_t>(current);
        block[14] = static_cast<std::uint8_t>(next);
        put_le64(block.data() + 16, encrypted);
        refresh_crc(block);
        MemorySource src(small_volume(block, f));
        auto info = read_volume_info(src);
        REQUIRE(info);
        return info->state;
    };
    CHECK(state_of(4, 4, 4 << 20) == VolumeState::fully_encrypted);
    CHECK(state_of(4, 4, 2 << 20) == VolumeState::partially_encrypted);
    CHECK(state_of(2, 4, 2 << 20) == VolumeState::encrypting);
    CHECK(state_of(2, 1, 2 << 20) == VolumeState::decrypting);
    CHECK(state_of(5, 4, 2 << 20) == VolumeState::paused);
}
