// bdegen's on-disk structures, parsed back field by field: the metadata area (headers, entries, the
// sealed keys and the validation block), the volume header and the .BEK files.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "bek_file.hpp"
#include "byte_writer.hpp"
#include "fve_crypto.hpp"
#include "metadata_builder.hpp"
#include "recovery_key_txt.hpp"
#include "volume_plan.hpp"

using namespace bdegen;

namespace {

constexpr const char* kDigits = "235818-357951-253979-013365-241120-245575-342914-591910";

struct Entry {
    std::uint16_t type, value, version;
    std::span<const std::uint8_t> payload;
};

std::vector<Entry> walk(std::span<const std::uint8_t> bytes) {
    std::vector<Entry> out;
    std::size_t at = 0;
    while (at + 8 <= bytes.size()) {
        std::uint16_t size = load_u16(&bytes[at]);
        if (size < 8 || at + size > bytes.size()) break;
        out.push_back({load_u16(&bytes[at + 2]), load_u16(&bytes[at + 4]), load_u16(&bytes[at + 6]),
                       bytes.subspan(at + 8, size - 8)});
        at += size;
    }
    return out;
}

// Opens a value-type-5 payload {nonce, MAC, ciphertext} and returns the key inside the datum.
std::vector<std::uint8_t> open_sealed(const bde::SecureBuffer& key, std::span<const std::uint8_t> payload) {
    Nonce nonce{};
    std::memcpy(nonce.data(), payload.data(), 12);
    auto plain = aes_ccm_open(key, nonce, std::span<const std::uint8_t, 16>(payload.data() + 12, 16), payload.subspan(28));
    REQUIRE(plain);
    REQUIRE(load_u16(plain->data()) == plain->size());
    return {plain->data() + 12, plain->data() + plain->size()};
}

std::vector<std::uint8_t> bytes_of(const bde::SecureBuffer& b) { return {b.data(), b.data() + b.size()}; }

Layout test_layout() {
    Layout l;
    l.metadata = {0x200000, 0x300000, 0x400000};
    l.boot_backup = 0x210000;
    l.conversion_area = 0x212000;
    return l;
}

const VolumePlan& full_plan() {
    static const VolumePlan plan = [] {
        VolumeOptions o;
        o.method = Method::aes_xts_128;
        o.recovery_passwords = {kDigits};
        o.passwords = {"anaconda"};
        o.startup_keys = 1;
        o.clear_key = true;
        o.description = "DESKTOP-TEST C: 11/25/2026";
        RandomSource random(7);
        Geometry g;
        g.file_system = "ntfs";
        auto p = make_plan(o, 64 << 20, g, test_layout(), random);
        REQUIRE(p);
        return std::move(*p);
    }();
    return plan;
}

}  // namespace

TEST_CASE("bdegen metadata area: headers, offsets and validation", "[bdegen]") {
    const VolumePlan& plan = full_plan();
    std::vector<std::uint8_t> area = build_metadata_area(plan);
    REQUIRE(area.size() == 64 * 1024);
    CHECK(std::memcmp(area.data(), "-FVE-FS-", 8) == 0);
    const std::size_t block_size = load_u16(&area[8]) * 16u;
    CHECK(load_u16(&area[10]) == 2);  // block header version
    CHECK(load_u16(&area[12]) == 4);  // encrypted
    CHECK(load_u16(&area[14]) == 4);
    CHECK(load_u64(&area[16]) == plan.volume_size);
    CHECK(load_u32(&area[28]) == 16);  // boot sectors relocated: 8 KiB of 512-byte sectors
    for (int i = 0; i < 3; ++i) CHECK(load_u64(&area[32 + 8 * i]) == plan.layout.metadata[i]);
    CHECK(load_u64(&area[56]) == plan.layout.boot_backup);

    const std::uint32_t metadata_size = load_u32(&area[64]);
    CHECK(load_u32(&area[64 + 12]) == metadata_size);
    CHECK(load_u32(&area[64 + 8]) == 48);
    auto id = plan.volume_id.disk_bytes();
    CHECK(std::memcmp(&area[64 + 16], id.data(), 16) == 0);
    CHECK(load_u16(&area[64 + 36]) == 0x8004);
    CHECK(block_size == (64 + metadata_size + 15) / 16 * 16);

    // Validation: CRC-32 over the block, SHA-256 of the block sealed with the VMK.
    std::span<const std::uint8_t> block(area.data(), block_size);
    const std::uint8_t* v = &area[block_size];
    CHECK(load_u16(v + 2) == 2);
    CHECK(load_u32(v + 4) == crc32(block));
    auto nested = walk(std::span(v + 8, 0x50));
    REQUIRE(nested.size() == 1);
    CHECK(nested[0].value == fve::kValueAesCcm);
    auto hash = sha256(block);
    CHECK(open_sealed(plan.vmk, nested[0].payload) == std::vector<std::uint8_t>(hash.begin(), hash.end()));
    // The next nonce counter in the header is past every nonce used, the validation's included.
    CHECK(load_u32(&area[64 + 32]) == load_u32(nested[0].payload.data() + 8) + 1);
}

TEST_CASE("bdegen metadata entries: description, protectors, FVEK, volume header block", "[bdegen]") {
    const VolumePlan& plan = full_plan();
    std::vector<std::uint8_t> area = build_metadata_area(plan);
    const std::uint32_t metadata_size = load_u32(&area[64]);
    auto entries = walk(std::span(area).subspan(64 + 48, metadata_size - 48));
    REQUIRE(entries.size() == 2 + plan.protectors.size() + 1);

    REQUIRE(entries[0].type == fve::kEntryDescription);
    auto text = utf16le("DESKTOP-TEST C: 11/25/2026");
    text->insert(text->end(), {0, 0});
    CHECK(std::vector<std::uint8_t>(entries[0].payload.begin(), entries[0].payload.end()) == *text);

    for (std::size_t i = 0; i < plan.protectors.size(); ++i) {
        const ProtectorPlan& p = plan.protectors[i];
        const Entry& e = entries[1 + i];
        INFO("protector " << protector_kind_name(p.kind));
        REQUIRE(e.type == fve::kEntryVmk);
        CHECK(e.version == (p.kind == ProtectorKind::clear_key ? 3 : 1));
        auto id = p.id.disk_bytes();
        CHECK(std::memcmp(e.payload.data(), id.data(), 16) == 0);
        CHECK(load_u16(e.payload.data() + 26) == static_cast<std::uint16_t>(p.kind));
        auto props = walk(e.payload.subspan(28));
        REQUIRE(!props.empty());
        // The last property is the VMK sealed with the protector's key.
        CHECK(props.back().value == fve::kValueAesCcm);
        CHECK(open_sealed(p.wrapping_key, props.back().payload) == bytes_of(plan.vmk));
        if (p.kind == ProtectorKind::recovery_password || p.kind == ProtectorKind::password) {
            REQUIRE(props[0].value == fve::kValueStretchKey);
            CHECK(load_u32(props[0].payload.data()) == (p.kind == ProtectorKind::password ? 0x1001u : 0x1000u));
            CHECK(std::memcmp(props[0].payload.data() + 4, p.salt.data(), 16) == 0);
        }
        if (p.kind == ProtectorKind::recovery_password) {
            // Windows keeps the recovery key itself sealed with the VMK (entry 0x0012 in the stretch key).
            auto nested = walk(props[0].payload.subspan(20));
            REQUIRE(nested.size() == 2);
            CHECK(nested[0].type == fve::kEntryRecoveryKeyBackup);
            auto rp = bde::RecoveryPassword::parse(kDigits);
            CHECK(open_sealed(plan.vmk, nested[0].payload) == bytes_of(rp->key()));
        }
        if (p.kind == ProtectorKind::clear_key) {
            REQUIRE(props[0].value == fve::kValueKey);
            CHECK(std::memcmp(props[0].payload.data() + 4, p.secret.data(), 32) == 0);
        }
    }
    const Entry& fvek = entries[entries.size() - 2];
    CHECK(fvek.type == fve::kEntryFvek);
    CHECK(open_sealed(plan.vmk, fvek.payload) == bytes_of(plan.fvek));
    const Entry& header = entries.back();
    CHECK(header.type == fve::kEntryVolumeHeader);
    CHECK(load_u64(header.payload.data()) == plan.layout.boot_backup);
    CHECK(load_u64(header.payload.data() + 8) == 8192);
    CHECK(load_u64(header.payload.data() + 16 + 60) == plan.layout.conversion_area);
}

TEST_CASE("bdegen recovery and password protectors open with their credentials", "[bdegen]") {
    const VolumePlan& plan = full_plan();
    auto rp = bde::RecoveryPassword::parse(kDigits);
    REQUIRE(rp);
    const ProtectorPlan& recovery = plan.protectors[0];
    REQUIRE(recovery.kind == ProtectorKind::recovery_password);
    auto input = recovery_stretch_input(*rp);
    CHECK(stretch_key(std::span<const std::uint8_t, 32>(input.data(), 32), recovery.salt) == recovery.wrapping_key);

    const ProtectorPlan& password = plan.protectors[1];
    REQUIRE(password.kind == ProtectorKind::password);
    auto pw = password_stretch_input("anaconda");
    CHECK(stretch_key(std::span<const std::uint8_t, 32>(pw->data(), 32), password.salt) == password.wrapping_key);
}

TEST_CASE("bdegen volume header: signature, volume-type GUID, metadata offsets", "[bdegen]") {
    VolumePlan plan = full_plan();
    auto sector = build_volume_header(plan);
    REQUIRE(sector.size() == 512);
    CHECK(sector[0] == 0xEB);
    CHECK(sector[1] == 0x58);
    CHECK(std::memcmp(&sector[3], "-FVE-FS-", 8) == 0);
    CHECK(load_u16(&sector[11]) == 512);
    CHECK(sector[160] == 0x3B);
    CHECK(sector[161] == 0xD6);
    for (int i = 0; i < 3; ++i) CHECK(load_u64(&sector[176 + 8 * i]) == plan.layout.metadata[i]);
    CHECK(load_u32(&sector[32]) == 0);  // NTFS: left to the decrypted boot sector, as Windows does
    CHECK(sector[510] == 0x55);
    CHECK(sector[511] == 0xAA);

    plan.paused = true;
    plan.encrypted_bytes = 1 << 20;
    sector = build_volume_header(plan);
    CHECK(sector[160] == 0x3B);
    CHECK(sector[161] == 0x4D);  // the "encrypt on write" GUID of an unfinished conversion
    auto area = build_metadata_area(plan);
    CHECK(load_u16(&area[12]) == 5);
    CHECK(load_u64(&area[16]) == (1u << 20));

    plan.sector_size = 4096;
    sector = build_volume_header(plan);
    CHECK(sector.size() == 4096);
    CHECK(load_u16(&sector[11]) == 4096);
    CHECK(load_u32(&build_metadata_area(plan)[28]) == 2);
}

TEST_CASE("bdegen .BEK files: Windows 10 and Windows 11 layouts", "[bdegen]") {
    const VolumePlan& plan = full_plan();
    const ProtectorPlan& sk = plan.protectors[2];
    REQUIRE(sk.kind == ProtectorKind::startup_key);
    CHECK(bek_file_name(sk) == sk.id.str() + ".BEK");
    auto id = sk.id.disk_bytes();
    auto vol = plan.volume_id.disk_bytes();

    auto win10 = build_bek_file(sk, plan.volume_id, BekLayout::windows10);
    REQUIRE(win10.size() == 156);
    CHECK(load_u32(win10.data()) == 156);
    CHECK(std::memcmp(&win10[16], id.data(), 16) == 0);
    CHECK(load_u16(&win10[48 + 2]) == 0x0006);
    CHECK(load_u16(&win10[48 + 4]) == 0x0009);
    CHECK(std::memcmp(&win10[56], id.data(), 16) == 0);
    CHECK(std::memcmp(&win10[156 - 32], sk.secret.data(), 32) == 0);

    auto win11 = build_bek_file(sk, plan.volume_id, BekLayout::windows11);
    REQUIRE(win11.size() == 180);
    CHECK(std::search(win11.begin(), win11.end(), vol.begin(), vol.end()) != win11.end());
    CHECK(std::memcmp(&win11[180 - 32], sk.secret.data(), 32) == 0);
}

TEST_CASE("bdegen make_plan rejects what Windows would not produce", "[bdegen]") {
    RandomSource random(1);
    Geometry g;
    VolumeOptions none;
    CHECK(make_plan(none, 64 << 20, g, test_layout(), random).error().code == bde::Errc::usage);

    VolumeOptions typo;
    typo.recovery_passwords = {"235818-357951-253979-013365-241120-245575-342914-591911"};
    CHECK(make_plan(typo, 64 << 20, g, test_layout(), random).error().code == bde::Errc::malformed_key);

    VolumeOptions paused;
    paused.clear_key = true;
    paused.paused = true;
    paused.encrypted_bytes = 1000;  // not a whole number of sectors
    CHECK(make_plan(paused, 64 << 20, g, test_layout(), random).error().code == bde::Errc::usage);
}

TEST_CASE("bdegen recovery-key .TXT: UTF-16LE with BOM, CRLF, tab-indented identifier and key", "[bdegen]") {
    auto id = bde::KeyId::parse("AC9D5655-F7CA-4D1D-902F-1B6087118138");
    auto rp = bde::RecoveryPassword::parse(kDigits);
    REQUIRE(id);
    REQUIRE(rp);
    CHECK(recovery_key_txt_name(*id) == "BitLocker Recovery Key AC9D5655-F7CA-4D1D-902F-1B6087118138.TXT");
    auto bytes = recovery_key_txt(*id, *rp);
    REQUIRE(bytes.size() > 2);
    CHECK(bytes[0] == 0xFF);
    CHECK(bytes[1] == 0xFE);
    REQUIRE(bytes.size() % 2 == 0);
    std::string text;  // ASCII content: every high byte is zero
    for (std::size_t i = 2; i < bytes.size(); i += 2) {
        CHECK(bytes[i + 1] == 0);
        text.push_back(static_cast<char>(bytes[i]));
    }
    CHECK(text.rfind("BitLocker Drive Encryption recovery key\r\n\r\n", 0) == 0);
    CHECK(text.find("Identifier:\r\n\r\n\tAC9D5655-F7CA-4D1D-902F-1B6087118138\r\n") != std::string::npos);
    CHECK(text.find(std::string("Recovery Key:\r\n\r\n\t") + kDigits + "\r\n") != std::string::npos);
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1))
        CHECK(text[at - 1] == '\r');  // every line ends in CRLF
    CHECK(text.size() >= 2);
    CHECK(text.substr(text.size() - 2) == "\r\n");
}

TEST_CASE("bdegen volume header is not mistaken for a partition table", "[bdegen]") {
    auto sector = build_volume_header(full_plan());
    // Every MBR partition entry (16 bytes from 0x1BE) must start with 0x00 or 0x80 to be valid.
    for (int i = 0; i < 4; ++i) {
        std::uint8_t boot_flag = sector[0x1BE + 16 * i];
        CHECK(boot_flag != 0x00);
        CHECK(boot_flag != 0x80);
    }
}
