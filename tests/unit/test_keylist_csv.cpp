#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "keys/key_file_parser.hpp"
#include "keys/key_list_csv.hpp"
#include "test_keyfile_samples.hpp"

using namespace bde;
using namespace keytest;

namespace {

ParsedKeys parse(const std::string& bytes, const std::string& name = "keys.csv") { return parse_sample(bytes, name); }

const FoundKey* find(const ParsedKeys& p, const TestCredential& c) { return find_key(p.keys, c); }

// PowerShell: Get-ADObject -Filter {objectClass -eq 'msFVE-RecoveryInformation'} -Properties msFVE-RecoveryPassword
//             | Export-Csv ad.csv   (Windows PowerShell 5.1 writes "#TYPE" first and quotes everything)
std::string powershell_ad_export() {
    return fmt::format(
        "#TYPE Microsoft.ActiveDirectory.Management.ADObject\n"
        "\"DistinguishedName\",\"msFVE-RecoveryPassword\",\"Name\",\"ObjectClass\",\"ObjectGUID\"\n"
        "\"CN=2024-03-21T10:02:11-08:00{{{0}}},CN=DESKTOP-B8H4DIM,OU=Workstations,DC=corp,DC=example,DC=com\","
        "\"{1}\",\"2024-03-21T10:02:11-08:00{{{0}}}\",\"msFVE-RecoveryInformation\",\"9c3f2a4e-1b7d-4f0e-8a6c-2d5e7f9b1c3a\"\n"
        "\"CN=2023-11-02T08:15:40\\+01:00{{{2}}},CN=LAPTOP-042,OU=Sales,DC=corp,DC=example,DC=com\","
        "\"{3}\",\"2023-11-02T08:15:40+01:00{{{2}}}\",\"msFVE-RecoveryInformation\",\"0d8e6b2a-5c4f-4a1e-9b7d-3f2a1c6e8d4b\"\n",
        xts128.id, xts128.rp, cbc128.id, cbc128.rp);
}

// The disk-order bytes csvde writes for a binary GUID attribute.
std::string csvde_guid(const char* id) {
    std::string hex;
    for (auto b : id_of(id).disk_bytes()) hex += fmt::format("{:02x}", b);
    return "X'" + hex + "'";
}

}  // namespace

TEST_CASE("PowerShell's AD export: key, ID from the DN's CN, computer from the parent CN", "[keylist][csv]") {
    std::string csv = powershell_ad_export();
    for (const std::string& encoded : {csv, crlf(csv), utf16le_bom(crlf(csv)), "\xEF\xBB\xBF" + csv}) {
        auto p = parse(encoded, "bitlocker-ad.csv");
        REQUIRE(p.keys.size() == 2);
        CHECK(p.notes.empty());
        const FoundKey* a = find(p, xts128);
        REQUIRE(a);
        CHECK(a->key_id->str() == xts128.id);
        CHECK(a->computer() == "DESKTOP-B8H4DIM");
        CHECK(a->source().line == 3);
        CHECK(a->source().format == "ad-csv");
        const FoundKey* b = find(p, cbc128);
        REQUIRE(b);
        CHECK(b->key_id->str() == cbc128.id);  // the "\+" escape in the CN does not hide it
        CHECK(b->computer() == "LAPTOP-042");
        CHECK(b->source().line == 4);
    }
}

TEST_CASE("csvde's export: binary msFVE-RecoveryGuid in disk byte order, unquoted columns", "[keylist][csv]") {
    std::string csv = fmt::format(
        "DN,objectClass,distinguishedName,msFVE-RecoveryGuid,msFVE-RecoveryPassword,msFVE-VolumeGuid\n"
        "\"CN=2022-05-01T09:00:00-00:00{{{0}}},CN=PC-7,DC=corp,DC=local\",msFVE-RecoveryInformation,"
        "\"CN=2022-05-01T09:00:00-00:00{{{0}}},CN=PC-7,DC=corp,DC=local\",{1},{2},{3}\n",
        togo.id, csvde_guid(togo.id), togo.rp, csvde_guid("DCA1850A-0EF6-4ECE-8ACB-9F42CA63BDD1"));
    auto p = parse(csv, "export.ldf.csv");
    REQUIRE(p.keys.size() == 1);
    CHECK(p.keys[0].key_id->str() == togo.id);
    CHECK(p.keys[0].computer() == "PC-7");
    CHECK(p.keys[0].secret == key_of(togo.rp));
}

TEST_CASE("any column order, semicolon or tab separators, home-made column names", "[keylist][csv]") {
    std::string semicolon = fmt::format(
        "Wiederherstellungsschlüssel;Computername;Schlüssel-ID;Datum\n"
        "{};PC-BUCHHALTUNG;{};21.03.2024\n",
        two_rp1.rp, two_rp1.id);
    auto p = parse("\xEF\xBB\xBF" + crlf(semicolon), "Schlüssel.csv");
    REQUIRE(p.keys.size() == 1);
    CHECK(p.keys[0].key_id->str() == two_rp1.id);
    CHECK(p.keys[0].computer() == "PC-BUCHHALTUNG");
    CHECK(p.keys[0].source().format == "csv");

    // Excel's "Unicode text": UTF-16LE, tabs; the key ID column comes last.
    std::string tabs = fmt::format("Name\tRecoveryKey\tKeyID\nLAPTOP-9\t{}\t{{{}}}\n", two_rp2.rp, two_rp2.id);
    auto t = parse(utf16(crlf(tabs), true, true), "keys.txt");
    REQUIRE(t.keys.size() == 1);
    CHECK(t.keys[0].key_id->str() == two_rp2.id);
    CHECK(t.keys[0].computer() == "LAPTOP-9");
}

TEST_CASE("quoted fields may hold separators, quotes and line breaks", "[keylist][csv]") {
    std::string csv = fmt::format(
        "Computer,Notes,msFVE-RecoveryGuid,msFVE-RecoveryPassword\n"
        "DESKTOP-1,\"moved to \"\"Sales\"\", 2024\nsecond line\",{},{}\n"
        "DESKTOP-2,,{},{}\n",
        xts128.id, xts128.rp, cbc128.id, cbc128.rp);
    auto p = parse(csv);
    REQUIRE(p.keys.size() == 2);
    CHECK(find(p, xts128)->source().line == 2);
    CHECK(find(p, xts128)->computer() == "DESKTOP-1");
    CHECK(find(p, cbc128)->source().line == 4);
    CHECK(find(p, cbc128)->key_id->str() == cbc128.id);
}

TEST_CASE("the AD object's own GUID is never taken for the key ID", "[keylist][csv]") {
    std::string csv = fmt::format("ObjectGUID,msFVE-RecoveryPassword\n9c3f2a4e-1b7d-4f0e-8a6c-2d5e7f9b1c3a,{}\n", xts128.rp);
    auto p = parse(csv);
    REQUIRE(p.keys.size() == 1);
    CHECK_FALSE(p.keys[0].has_id());
}

TEST_CASE("hundreds of keys, several per computer, each with its own ID", "[keylist][csv]") {
    KeyFactory f;
    std::string csv = "\"DistinguishedName\",\"msFVE-RecoveryPassword\"\n";
    std::vector<std::pair<std::string, std::string>> expected;  // id, key
    for (int pc = 0; pc < 150; ++pc)
        for (int rotation = 0; rotation < 3; ++rotation) {
            std::string id = f.guid(), key = f.key();
            csv += fmt::format("\"CN=2024-01-{:02}T10:00:00+01:00{{{}}},CN=PC-{:03},OU=Fleet,DC=corp,DC=local\",\"{}\"\n",
                               rotation + 1, id, pc, key);
            expected.emplace_back(id, key);
        }
    auto p = parse(csv, "fleet.csv");
    REQUIRE(p.keys.size() == expected.size());
    CHECK(p.notes.empty());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const FoundKey& k = p.keys[i];
        CHECK(k.key_id->str() == expected[i].first);
        CHECK(k.secret == key_of(expected[i].second));
        CHECK(k.source().line == static_cast<int>(i) + 2);
        CHECK(k.computer() == fmt::format("PC-{:03}", i / 3));
    }
    // keys_for picks one computer's keys by ID out of the 450.
    auto picked = keys_for(p.keys, {id_of(expected[301].first)});
    REQUIRE(picked.size() == 1);
    CHECK(picked[0]->computer() == "PC-100");
}

TEST_CASE("bad rows are notes with their line, good rows still count", "[keylist][csv]") {
    std::string csv = fmt::format(
        "msFVE-RecoveryGuid,msFVE-RecoveryPassword\n"
        "{},{}\n"
        "{},235818-357951-253979-013365-241120-245575-342914\n"
        "{},System.Byte[]\n"
        "{},{}\n",
        xts128.id, replace_all(xts128.rp, "591910", "591901"), cbc128.id, two_rp1.id, two_rp2.id, two_rp2.rp);
    auto p = parse(csv);
    REQUIRE(p.keys.size() == 1);
    CHECK(p.keys[0].key_id->str() == two_rp2.id);
    REQUIRE(p.notes.size() == 3);
    CHECK(p.notes[0].line == 2);
    CHECK(p.notes[0].message.find("group 8") != std::string::npos);
    CHECK(p.notes[1].line == 3);
    CHECK(p.notes[2].line == 4);
}

TEST_CASE("a CSV key list is recognised by its header, not its extension", "[keylist][csv]") {
    CHECK(looks_like_key_csv("#TYPE x\n\"DistinguishedName\",\"msFVE-RecoveryPassword\"\n"));
    CHECK(looks_like_key_csv("Computer;KeyId;RecoveryKey\n"));
    CHECK_FALSE(looks_like_key_csv("Name,Size,Date\n"));
    CHECK_FALSE(looks_like_key_csv("just some text\n"));
    CHECK_FALSE(looks_like_key_csv(""));
    auto none = parse("msFVE-RecoveryGuid,msFVE-RecoveryPassword\n", "empty.csv");
    CHECK(none.keys.empty());
    REQUIRE(none.notes.size() == 1);
    CHECK(none.notes[0].message.find("no recovery keys") != std::string::npos);
}

TEST_CASE("an Entra CSV export keeps the device ID as a hint", "[keylist][csv]") {
    std::string csv = fmt::format("id,key,deviceId,volumeType\n{},{},1ab20a24-9c5d-4e1f-8b2a-6d3c7e9f0a1b,1\n",
                                  xts128.id, xts128.rp);
    auto p = parse(csv, "entra.csv");
    REQUIRE(p.keys.size() == 1);
    CHECK(p.keys[0].key_id->str() == xts128.id);
    CHECK(p.keys[0].computer().empty());
    CHECK(p.keys[0].device_id() == "1ab20a24-9c5d-4e1f-8b2a-6d3c7e9f0a1b");
}
