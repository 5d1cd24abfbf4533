#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "keys/key_file_parser.hpp"
#include "keys/key_list_json.hpp"
#include "test_keyfile_samples.hpp"

using namespace bde;
using namespace keytest;

namespace {

ParsedKeys parse(const std::string& bytes, const std::string& name = "keys.json") { return parse_sample(bytes, name); }

const FoundKey* find(const ParsedKeys& p, const TestCredential& c) { return find_key(p.keys, c); }

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// GET https://graph.microsoft.com/v1.0/informationProtection/bitlocker/recoveryKeys/{id}?$select=key, as a list.
std::string graph_items() {
    return fmt::format(
        "[\n"
        "    {{\n"
        "      \"id\": \"{}\",\n"
        "      \"createdDateTime\": \"2024-03-21T18:02:11Z\",\n"
        "      \"volumeType\": 1,\n"
        "      \"deviceId\": \"1ab20a24-9c5d-4e1f-8b2a-6d3c7e9f0a1b\",\n"
        "      \"key\": \"{}\"\n"
        "    }},\n"
        "    {{\n"
        "      \"id\": \"{}\",\n"
        "      \"createdDateTime\": \"2024-05-02T07:00:00Z\",\n"
        "      \"volumeType\": 2,\n"
        "      \"deviceId\": \"1ab20a24-9c5d-4e1f-8b2a-6d3c7e9f0a1b\",\n"
        "      \"key\": \"{}\"\n"
        "    }}\n"
        "  ]",
        lower(xts128.id), xts128.rp, lower(cbc128.id), cbc128.rp);
}

}  // namespace

TEST_CASE("Graph/Entra JSON: {\"value\":[...]} and a bare array", "[keylist][json]") {
    std::string wrapped = "{\n  \"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#informationProtection/"
                          "bitlocker/recoveryKeys\",\n  \"value\": " + graph_items() + "\n}\n";
    for (const std::string& doc : {wrapped, graph_items(), crlf(wrapped), utf16le_bom(crlf(wrapped))}) {
        auto p = parse(doc, "entra-keys.json");
        REQUIRE(p.keys.size() == 2);
        CHECK(p.notes.empty());
        const FoundKey* a = find(p, xts128);
        REQUIRE(a);
        CHECK(a->key_id->str() == xts128.id);
        CHECK(a->source().format == "graph-json");
        CHECK(a->computer().empty());  // Graph gives only the Entra device ID
        CHECK(a->device_id() == "1ab20a24-9c5d-4e1f-8b2a-6d3c7e9f0a1b");
        const FoundKey* b = find(p, cbc128);
        REQUIRE(b);
        CHECK(b->key_id->str() == cbc128.id);
        // Lines point at the keys themselves.
        std::string text = doc == graph_items() ? doc : wrapped;
        int expected_line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find(xts128.rp)), '\n'));
        CHECK(a->source().line == expected_line);
    }
}

TEST_CASE("PowerShell Get-BitLockerVolume | ConvertTo-Json: KeyProtector arrays", "[keylist][json]") {
    std::string volume = fmt::format(
        R"({{
    "ComputerName":  "DESKTOP-B8H4DIM",
    "MountPoint":  "C:",
    "EncryptionMethod":  6,
    "VolumeStatus":  1,
    "ProtectionStatus":  1,
    "KeyProtector":  [
                         {{
                             "KeyProtectorId":  "{{3E55195C-8811-4D9B-97B4-2B9E5F8F5384}}",
                             "AutoUnlockProtector":  null,
                             "KeyProtectorType":  1,
                             "KeyFileName":  "",
                             "RecoveryPassword":  "",
                             "KeyCertificateType":  null,
                             "Thumbprint":  ""
                         }},
                         {{
                             "KeyProtectorId":  "{{{}}}",
                             "AutoUnlockProtector":  null,
                             "KeyProtectorType":  3,
                             "KeyFileName":  "",
                             "RecoveryPassword":  "{}",
                             "KeyCertificateType":  null,
                             "Thumbprint":  ""
                         }}
                     ]
}})",
        xts128.id, xts128.rp);
    // One volume is an object; several are an array. Windows PowerShell's "> file" writes UTF-16LE.
    for (const std::string& doc : {volume, "[" + volume + "," + replace_all(replace_all(volume, xts128.rp, cbc128.rp), xts128.id, cbc128.id) + "]"}) {
        auto p = parse(utf16le_bom(crlf(doc)), "volumes.json");
        REQUIRE_FALSE(p.keys.empty());
        const FoundKey* a = find(p, xts128);
        REQUIRE(a);
        CHECK(a->key_id->str() == xts128.id);
        CHECK(a->computer() == "DESKTOP-B8H4DIM");  // inherited from the volume object
        CHECK(a->source().format == "powershell-json");
        CHECK(p.notes.empty());
    }
}

TEST_CASE("AD objects converted to JSON: ID from Name or DistinguishedName, never ObjectGUID", "[keylist][json]") {
    std::string doc = fmt::format(
        R"([{{"DistinguishedName":"CN=2024-03-21T10:02:11-08:00{{{0}}},CN=DESKTOP-B8H4DIM,DC=corp,DC=local",
             "msFVE-RecoveryPassword":"{1}","Name":"2024-03-21T10:02:11-08:00{{{0}}}",
             "ObjectGUID":"9c3f2a4e-1b7d-4f0e-8a6c-2d5e7f9b1c3a"}}])",
        two_rp1.id, two_rp1.rp);
    auto p = parse(doc);
    REQUIRE(p.keys.size() == 1);
    CHECK(p.keys[0].key_id->str() == two_rp1.id);
    CHECK(p.keys[0].computer() == "DESKTOP-B8H4DIM");
    CHECK(p.keys[0].source().format == "ad-json");
}

TEST_CASE("a truncated JSON export still gives the keys before the damage", "[keylist][json]") {
    std::string doc = graph_items();
    std::string truncated = doc.substr(0, doc.find(cbc128.rp) + 45);
    auto p = parse(truncated);
    // The complete first object survives with its ID; the cut key is not guessed at.
    REQUIRE(p.keys.size() == 1);
    CHECK(p.keys[0].key_id->str() == xts128.id);
    CHECK(p.keys[0].source().format == "graph-json");
    REQUIRE(p.notes.size() == 1);
    CHECK(p.notes[0].message.find("damaged or incomplete") != std::string::npos);
    CHECK(p.notes[0].line == 1 + static_cast<int>(std::count(truncated.begin(), truncated.end(), '\n')));

    // Broken off right after a complete key, inside its object: the key and its ID are kept.
    std::string inside = doc.substr(0, doc.find(xts128.rp) + std::string_view(xts128.rp).size() + 1);
    auto q = parse(inside);
    REQUIRE(q.keys.size() == 1);
    CHECK(q.keys[0].key_id->str() == xts128.id);

    // Not JSON at all although it starts with a brace: read as text, notes quote no key.
    auto t = parse(fmt::format("{{meeting notes}}\n{}\n{}\n", cbc128.id, cbc128.rp), "notes.json");
    REQUIRE(t.keys.size() == 1);
    CHECK(t.keys[0].key_id->str() == cbc128.id);
    REQUIRE(t.notes.size() == 1);
    CHECK(t.notes[0].message.find("not valid JSON") != std::string::npos);
    for (const auto& n : p.notes) CHECK(n.message.find("042647") == std::string::npos);
}

TEST_CASE("JSON with a mistyped key, no key at all, odd values or deep nesting", "[keylist][json]") {
    auto typo = parse(fmt::format(R"({{"value":[{{"id":"{}","key":"{}"}}]}})", xts128.id,
                                  replace_all(xts128.rp, "013365", "013356")));
    CHECK(typo.keys.empty());
    REQUIRE(typo.notes.size() == 1);
    CHECK(typo.notes[0].message.find("group 4") != std::string::npos);
    CHECK(typo.notes[0].line == 1);

    auto empty = parse(R"({"value":[]})", "bitlocker-keys.json");
    CHECK(empty.keys.empty());
    REQUIRE(empty.notes.size() == 1);

    auto odd = parse(R"({"value":[{"id":7,"key":null},{"key":{"nested":true}},"x",1.5,[[]]]})", "odd.json");
    CHECK(odd.keys.empty());

    std::string deep(100000, '[');
    deep += std::string(100000, ']');
    auto nested = parse(deep, "deep.json");
    CHECK(nested.keys.empty());

    auto r = parse_key_json("{\n\"a\":", "/x.json");
    CHECK_FALSE(r.valid);
    CHECK(r.error_line == 2);
    CHECK(parse_key_json("{\"a\":[1,2,{}]}", "/x.json").valid);
}

TEST_CASE("a JSON key list is recognised by its first character", "[keylist][json]") {
    CHECK(looks_like_json("  \n{\"value\":[]}"));
    CHECK(looks_like_json("[1]"));
    CHECK_FALSE(looks_like_json("BitLocker"));
    CHECK_FALSE(looks_like_json(""));
}
