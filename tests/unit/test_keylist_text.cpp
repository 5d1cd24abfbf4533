#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "keys/key_file_parser.hpp"
#include "keys/key_text_parser.hpp"
#include "test_keyfile_samples.hpp"

using namespace bde;
using namespace keytest;

namespace {

ParsedKeys parse(const std::string& bytes, const std::string& name = "pasted.txt") { return parse_sample(bytes, name); }

const FoundKey* find(const ParsedKeys& p, const TestCredential& c) { return find_key(p.keys, c); }

std::string short8(const TestCredential& c) { return std::string(c.id).substr(0, 8); }

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

TEST_CASE("Microsoft-account recovery-keys page copied as cards: device name heads its keys", "[keylist][text]") {
    std::string page = fmt::format(
        "BitLocker recovery keys\n"
        "If your device is locked, find the key whose ID matches the one shown on its screen.\n\n"
        "DESKTOP-B8H4DIM\n"
        "Key ID: {}\n"
        "Recovery key: {}\n"
        "Drive: OSV\n"
        "Key upload date: 21/03/2024 10:02:11\n"
        "Key ID: {}\n"
        "Recovery key: {}\n"
        "Drive: FDV\n"
        "Key upload date: 02/05/2024 07:00:00\n\n"
        "Surface-Anna\n"
        "Key ID: {}\n"
        "Recovery key: {}\n"
        "Drive: OSV\n"
        "Key upload date: 11/11/2023 11:11:11\n",
        short8(xts128), xts128.rp, short8(cbc128), cbc128.rp, short8(togo), togo.rp);
    auto p = parse(page, "keys from account page.txt");
    REQUIRE(p.keys.size() == 3);
    CHECK(p.notes.empty());
    const FoundKey* a = find(p, xts128);
    REQUIRE(a);
    REQUIRE(a->short_id);
    CHECK(a->short_id->str() == short8(xts128));
    CHECK(a->fits(id_of(xts128.id)));
    CHECK(a->computer() == "DESKTOP-B8H4DIM");
    CHECK(a->source().line == 6);
    CHECK(a->source().format == "text");
    // A second key of the same device (rotation) keeps the device name.
    CHECK(find(p, cbc128)->computer() == "DESKTOP-B8H4DIM");
    CHECK(find(p, cbc128)->fits(id_of(cbc128.id)));
    CHECK(find(p, togo)->computer() == "Surface-Anna");
}

TEST_CASE("Microsoft-account page copied as a table: one tab-separated row per key", "[keylist][text]") {
    std::string table = fmt::format(
        "Device name\tKey ID\tRecovery key\tDrive\tKey upload date\n"
        "DESKTOP-B8H4DIM\t{}\t{}\tOSV\t21/03/2024 10:02:11\n"
        "LAPTOP-042\t{}\t{}\tOSV\t02/05/2024 07:00:00\n",
        short8(xts128), xts128.rp, short8(cbc128), cbc128.rp);
    auto p = parse(table);
    REQUIRE(p.keys.size() == 2);
    CHECK(find(p, xts128)->computer() == "DESKTOP-B8H4DIM");
    CHECK(find(p, xts128)->short_id->str() == short8(xts128));
    CHECK(find(p, cbc128)->computer() == "LAPTOP-042");
    CHECK(find(p, cbc128)->source().line == 3);
}

TEST_CASE("Intune/Entra portal text: labelled device name, full key IDs in lower case", "[keylist][text]") {
    std::string portal = fmt::format(
        "Device name: DESKTOP-B8H4DIM\n"
        "Recovery keys\n"
        "BitLocker Key ID\tBitLocker recovery key\tDrive type\tBackup date\n"
        "{}\t{}\tOperating system drive\t3/21/2024, 10:02:11 AM\n"
        "{}\t{}\tFixed data drive\t5/2/2024, 7:00:00 AM\n",
        lower(two_rp1.id), two_rp1.rp, lower(two_rp2.id), two_rp2.rp);  // the portal shows IDs in lower case
    auto p = parse(portal);
    REQUIRE(p.keys.size() == 2);
    CHECK(find(p, two_rp1)->key_id->str() == two_rp1.id);
    CHECK(find(p, two_rp2)->key_id->str() == two_rp2.id);
    CHECK(find(p, two_rp1)->computer() == "DESKTOP-B8H4DIM");
    CHECK(find(p, two_rp2)->computer() == "DESKTOP-B8H4DIM");

    // The same labels in German (Gerätename) work; the label is only used for the name, never the key.
    std::string german = fmt::format("Gerätename: PC-LAGER\nBitLocker-Schlüssel-ID: {}\nWiederherstellungsschlüssel: {}\n",
                                     xts128.id, xts128.rp);
    auto g = parse(german);
    REQUIRE(g.keys.size() == 1);
    CHECK(g.keys[0].computer() == "PC-LAGER");
    CHECK(g.keys[0].key_id->str() == xts128.id);
}

TEST_CASE("any text with ID and key pairs, ID first or key first", "[keylist][text]") {
    std::string id_first = fmt::format("notes from the helpdesk call\n{}\n{}\n\n{}\n{}\n", xts128.id, xts128.rp,
                                       cbc128.id, cbc128.rp);
    auto a = parse(id_first);
    REQUIRE(a.keys.size() == 2);
    CHECK(find(a, xts128)->key_id->str() == xts128.id);
    CHECK(find(a, cbc128)->key_id->str() == cbc128.id);

    std::string key_first = fmt::format("{}\n(id {})\n{}\n(id {})\n", xts128.rp, xts128.id, cbc128.rp, cbc128.id);
    auto b = parse(key_first);
    REQUIRE(b.keys.size() == 2);
    CHECK(find(b, xts128)->key_id->str() == xts128.id);
    CHECK(find(b, cbc128)->key_id->str() == cbc128.id);

    // On one line, key then ID, like a CSV row read as text.
    std::string same_line = fmt::format("{} {}\n{} {}\n", xts128.rp, xts128.id, cbc128.rp, cbc128.id);
    auto c = parse(same_line);
    CHECK(find(c, xts128)->key_id->str() == xts128.id);
    CHECK(find(c, cbc128)->key_id->str() == cbc128.id);
}

TEST_CASE("keys without an ID are kept and can be tried on any recovery protector", "[keylist][text]") {
    auto p = parse(fmt::format("my key: {}\n", togo.rp), "key.txt");
    REQUIRE(p.keys.size() == 1);
    CHECK_FALSE(p.keys[0].has_id());
    CHECK(keys_for(p.keys, {id_of(togo.id)}).empty());
    CHECK(keys_for(p.keys, {id_of(togo.id)}, UnidentifiedKeys::include).size() == 1);
}

TEST_CASE("keys typed with spaces or Unicode dashes are found", "[keylist][text]") {
    std::string spaced = replace_all(xts128.rp, "-", " ");
    std::string dashed = replace_all(cbc128.rp, "-", "\u2013");  // en dash, as word processors do
    std::string nbsp = replace_all(togo.rp, "-", "\u00A0");
    auto p = parse(fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n", xts128.id, spaced, cbc128.id, dashed, togo.id, nbsp));
    REQUIRE(p.keys.size() == 3);
    CHECK(find(p, xts128)->key_id->str() == xts128.id);
    CHECK(find(p, cbc128)->key_id->str() == cbc128.id);
    CHECK(find(p, togo)->key_id->str() == togo.id);
}

TEST_CASE("a key followed by a date on its line is still the key alone", "[keylist][text]") {
    auto p = parse(fmt::format("{} {} 2024 03 21\n", xts128.id, replace_all(xts128.rp, "-", " ")));
    REQUIRE(p.keys.size() == 1);
    CHECK(p.keys[0].secret == key_of(xts128.rp));
}

TEST_CASE("the same key twice in a file is one key with both lines", "[keylist][text]") {
    auto p = parse(fmt::format("{}\n{}\n\ncopy:\n{}\n{}\n", xts128.id, xts128.rp, xts128.id, xts128.rp));
    REQUIRE(p.keys.size() == 1);
    REQUIRE(p.keys[0].sources.size() == 2);
    CHECK(p.keys[0].sources[0].line == 2);
    CHECK(p.keys[0].sources[1].line == 6);
}

TEST_CASE("numbers that only resemble keys are notes, not keys", "[keylist][text]") {
    auto p = parse("order 123456-234567-345678-456789-567890-678901 shipped\n");
    CHECK(p.keys.empty());
    REQUIRE(p.notes.size() == 1);
    CHECK(p.notes[0].line == 1);
    CHECK(p.notes[0].message.find("123456") == std::string::npos);
}

TEST_CASE("config-style lists pair a key with the ID whose label resembles its own", "[keylist][text]") {
    // Like cryptsetup's images.conf: the password protector's ID comes before the recovery key, its own after.
    std::string conf = fmt::format(
        "[bitlk-aes-xts-128]\nGUID=8f595209-f5b9-49a0-85d4-cb8f80258c27\nPW=anaconda\n"
        "PW_VMK_GUID=3e55195c-8811-4d9b-97b4-2b9e5f8f5384\nRP={}\nRP_VMK_GUID={}\n\n"
        "[bitlk-aes-xts-128-two-recovery]\nGUID=316a9dd0-5d5d-48fb-a2e8-0a02bb08701c\n"
        "PW_VMK_GUID=2a9089bc-1e0f-4db4-ab28-323d58789d4b\nRP={}\nRP_VMK_GUID={}\nUUID=DABE7540BE7515EB\n"
        "RP2={}\nRP2_VMK_GUID={}\n",
        xts128.rp, lower(xts128.id), two_rp1.rp, lower(two_rp1.id), two_rp2.rp, lower(two_rp2.id));
    auto p = parse(conf, "images.conf");
    REQUIRE(p.keys.size() == 3);
    CHECK(find(p, xts128)->key_id->str() == xts128.id);
    CHECK(find(p, two_rp1)->key_id->str() == two_rp1.id);
    CHECK(find(p, two_rp2)->key_id->str() == two_rp2.id);
}

TEST_CASE("thousands of pairs on one line are all paired, mistyped ones are summarised", "[keylist][text]") {
    KeyFactory f;
    std::string line;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int i = 0; i < 5000; ++i) {
        pairs.emplace_back(f.guid(), f.key());
        line += pairs.back().first + " " + pairs.back().second + " ";
    }
    for (int i = 0; i < 300; ++i) line += "123456-234567-345678-456789-567890-678901 ";
    auto p = parse(line + "\n");
    REQUIRE(p.keys.size() == pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        CHECK(p.keys[i].key_id->str() == pairs[i].first);
        CHECK(p.keys[i].secret == key_of(pairs[i].second));
    }
    REQUIRE(p.notes.size() == 101);
    CHECK(p.notes.back().message.find("200 more problems") != std::string::npos);
}
