#include <catch2/catch.hpp>

#include <functional>

#include "keys/key_file_parser.hpp"
#include "test_keyfile_samples.hpp"

using namespace bde;
using namespace keytest;

namespace {

ParsedKeys parse(const std::string& bytes, const std::string& name) { return parse_sample(bytes, name); }

int line_of(const std::string& text, std::string_view needle) {
    auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

struct Layout {
    const char* name;
    std::function<std::string(const TestCredential&)> make;
};

struct Encoding {
    const char* name;
    std::function<std::string(const std::string&)> encode;
};

}  // namespace

TEST_CASE("Windows recovery-key .TXT files: every layout, language and encoding", "[keyfile][txt]") {
    const Layout layouts[] = {{"Windows 10", windows10_txt},        {"Windows 8.1", windows81_txt},
                              {"Windows 7", windows7_txt},          {"Windows 11", windows11_txt},
                              {"German", windows10_txt_german},     {"French", windows10_txt_french},
                              {"Japanese", windows10_txt_japanese}};
    const Encoding encodings[] = {
        {"UTF-16LE BOM CRLF", [](const std::string& t) { return utf16(crlf(t), true, true); }},
        {"UTF-16LE no BOM CRLF", [](const std::string& t) { return utf16(crlf(t), true, false); }},
        {"UTF-16BE BOM", [](const std::string& t) { return utf16(crlf(t), false, true); }},
        {"UTF-16BE no BOM LF", [](const std::string& t) { return utf16(t, false, false); }},
        {"UTF-8 BOM CRLF", [](const std::string& t) { return "\xEF\xBB\xBF" + crlf(t); }},
        {"UTF-8 LF", [](const std::string& t) { return t; }},
    };
    for (const auto& layout : layouts) {
        for (const auto& enc : encodings) {
            INFO(layout.name << " in " << enc.name);
            std::string text = layout.make(xts128);
            auto parsed = parse(enc.encode(text), std::string("BitLocker Recovery Key ") + xts128.id + ".TXT");
            REQUIRE(parsed.keys.size() == 1);
            const FoundKey& k = parsed.keys[0];
            CHECK(k.kind == FoundKeyKind::recovery_password);
            REQUIRE(k.key_id);
            CHECK(k.key_id->str() == xts128.id);
            CHECK_FALSE(k.short_id);
            CHECK(k.secret == key_of(xts128.rp));
            CHECK(k.source().format == "windows-txt");
            CHECK(k.source().line == line_of(text, xts128.rp));
            CHECK(k.source().path == std::string("/stick/BitLocker Recovery Key ") + xts128.id + ".TXT");
            CHECK(k.computer().empty());
            CHECK(parsed.notes.empty());
        }
    }
}

TEST_CASE("the ID in the file body wins over a shortened ID in the file name", "[keyfile][txt]") {
    auto parsed = parse(utf16le_bom(crlf(windows10_txt(cbc128))), "BitLocker Recovery Key 3FD763F9.TXT");
    REQUIRE(parsed.keys.size() == 1);
    REQUIRE(parsed.keys[0].key_id);
    CHECK(parsed.keys[0].key_id->str() == cbc128.id);
    CHECK(parsed.notes.empty());
}

TEST_CASE("a body with only a shortened ID takes the full ID from the file name", "[keyfile][txt]") {
    // Windows 7 file whose "Full ..." line was lost: only "Recovery key identification: 3FD763F9-74C7-4E".
    std::string text = windows7_txt(cbc128);
    text.erase(text.find("Full recovery"), text.find('\n', text.find("Full recovery")) - text.find("Full recovery") + 1);
    auto full_name = parse(utf16le_bom(crlf(text)), std::string("BitLocker Recovery Key ") + cbc128.id + ".TXT");
    REQUIRE(full_name.keys.size() == 1);
    REQUIRE(full_name.keys[0].key_id);
    CHECK(full_name.keys[0].key_id->str() == cbc128.id);

    // With only short IDs everywhere the key keeps the body's shortened ID and still matches by prefix.
    auto short_name = parse(utf16le_bom(crlf(text)), "BitLocker Recovery Key 3FD763F9.TXT");
    REQUIRE(short_name.keys.size() == 1);
    CHECK_FALSE(short_name.keys[0].key_id);
    REQUIRE(short_name.keys[0].short_id);
    CHECK(short_name.keys[0].short_id->str() == "3FD763F9-74C7-4E");
    CHECK(short_name.keys[0].fits(id_of(cbc128.id)));
    CHECK_FALSE(short_name.keys[0].fits(id_of(xts128.id)));
}

TEST_CASE("a body without any ID takes the file name's", "[keyfile][txt]") {
    std::string text = replace_all(windows10_txt(cbc128), cbc128.id, "(identifier lost)");
    auto full = parse(utf16le_bom(crlf(text)), std::string("BitLocker Recovery Key ") + cbc128.id + ".TXT");
    REQUIRE(full.keys.size() == 1);
    REQUIRE(full.keys[0].key_id);
    CHECK(full.keys[0].key_id->str() == cbc128.id);
    auto shortened = parse(utf16le_bom(crlf(text)), "BitLocker Recovery Key 3FD763F9.TXT");
    REQUIRE(shortened.keys.size() == 1);
    REQUIRE(shortened.keys[0].short_id);
    CHECK(shortened.keys[0].short_id->str() == "3FD763F9");
}

TEST_CASE("a file name naming another key is reported, the body's ID is used", "[keyfile][txt]") {
    auto parsed = parse(utf16le_bom(crlf(windows10_txt(cbc128))), std::string("BitLocker Recovery Key ") + xts128.id + ".TXT");
    REQUIRE(parsed.keys.size() == 1);
    CHECK(parsed.keys[0].key_id->str() == cbc128.id);
    REQUIRE(parsed.notes.size() == 1);
    CHECK(parsed.notes[0].message.find(xts128.id) != std::string::npos);
}

TEST_CASE("a renamed recovery-key file is still read, as text", "[keyfile][txt]") {
    auto parsed = parse(utf16le_bom(crlf(windows10_txt(two_rp2))), "laptop key.txt");
    REQUIRE(parsed.keys.size() == 1);
    CHECK(parsed.keys[0].key_id->str() == two_rp2.id);
    CHECK(parsed.keys[0].source().format == "text");
}

TEST_CASE("a mistyped key in a .TXT is a note naming the group, never its digits", "[keyfile][txt]") {
    std::string typo = replace_all(windows10_txt(xts128), "253979", "253997");
    auto parsed = parse(utf16le_bom(crlf(typo)), std::string("BitLocker Recovery Key ") + xts128.id + ".TXT");
    CHECK(parsed.keys.empty());
    REQUIRE(parsed.notes.size() == 1);
    CHECK(parsed.notes[0].line == line_of(typo, "253997") );
    CHECK(parsed.notes[0].message.find("group 3") != std::string::npos);
    CHECK(parsed.notes[0].message.find("253997") == std::string::npos);
    CHECK(parsed.notes[0].message.find("235818") == std::string::npos);
}

TEST_CASE("truncated and damaged recovery-key files give a note or nothing, never a wrong key", "[keyfile][txt]") {
    std::string full = utf16le_bom(crlf(windows10_txt(xts128)));
    std::string name = std::string("BitLocker Recovery Key ") + xts128.id + ".TXT";
    for (std::size_t cut = 0; cut < full.size(); cut += 7) {
        auto parsed = parse(full.substr(0, cut), name);
        for (const auto& k : parsed.keys) {
            // Whatever survives the cut is the real key under the real ID.
            CHECK(k.secret == key_of(xts128.rp));
            CHECK(k.fits(id_of(xts128.id)));
        }
    }
    auto empty = parse("", name);
    CHECK(empty.keys.empty());
    REQUIRE(empty.notes.size() == 1);
    CHECK(empty.notes[0].message.find("no BitLocker key") != std::string::npos);
}
