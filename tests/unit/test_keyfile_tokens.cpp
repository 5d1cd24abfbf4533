#include <catch2/catch.hpp>

#include "keys/found_key.hpp"
#include "keys/key_tokens.hpp"
#include "test_keyfile_samples.hpp"

using namespace bde;
using namespace keytest;

namespace {

std::vector<std::string> id_texts(std::string_view s) {
    std::vector<std::string> out;
    for (const auto& t : find_key_ids(s)) out.push_back(t.full ? t.full->str() : t.prefix->str());
    return out;
}

std::vector<std::string> key_texts(std::string_view s) {
    std::vector<std::string> out;
    for (const auto& t : find_recovery_keys(s)) out.emplace_back(s.substr(t.pos, t.len));
    return out;
}

FoundKey found(const TestCredential& c, const std::string& path, int line, bool with_id = true) {
    FoundKey k;
    k.secret = key_of(c.rp);
    if (with_id) k.key_id = id_of(c.id);
    k.sources.push_back({path, line, "text", ""});
    return k;
}

}  // namespace

TEST_CASE("key IDs are found by shape: full, braced, shortened, never inside words", "[keyfile][tokens]") {
    using V = std::vector<std::string>;
    CHECK(id_texts("\t64311DEA-4587-4029-924A-BA299647998E\r") == V{"64311DEA-4587-4029-924A-BA299647998E"});
    CHECK(id_texts("Id={64311dea-4587-4029-924a-ba299647998e}.") == V{"64311DEA-4587-4029-924A-BA299647998E"});
    CHECK(id_texts("Recovery key identification: 5B5F2F8D-B8F1-4E") == V{"5B5F2F8D-B8F1-4E"});
    CHECK(id_texts("Key ID: 64311DEA") == V{"64311DEA"});
    CHECK(id_texts("BitLocker Recovery Key 64311DEA.TXT") == V{"64311DEA"});
    CHECK(id_texts("DESKTOP-B8H4DIM PC-12345678 x64311DEA 64311DEA9 deadbeefcafe") == V{});
    CHECK(id_texts("235818-357951-253979-013365-241120-245575-342914-591910").empty());
    CHECK(id_texts("2024-03-21T10:02:11-08:00{3FD763F9-74C7-4E90-8FA2-1F6A2E2B4E0C}") ==
          V{"3FD763F9-74C7-4E90-8FA2-1F6A2E2B4E0C"});
}

TEST_CASE("recovery keys are found by shape, malformed ones too (to report them)", "[keyfile][tokens]") {
    using V = std::vector<std::string>;
    CHECK(key_texts(std::string("\t") + xts128.rp + "\r\n") == V{xts128.rp});
    CHECK(key_texts("Key: 235818 357951 253979 013365 241120 245575 342914 591910 (2024)") ==
          V{"235818 357951 253979 013365 241120 245575 342914 591910"});
    CHECK(key_texts("235818357951253979013365241120245575342914591910") ==
          V{"235818357951253979013365241120245575342914591910"});
    // Seven groups, a five-digit group: still reported so the user hears about them.
    CHECK(key_texts("235818-357951-253979-013365-241120-245575-342914").size() == 1);
    CHECK(key_texts("23581-357951-253979-013365-241120-245575-342914-591910").size() == 1);
    // Dates, phone numbers and GUID pieces are not keys.
    CHECK(key_texts("21.03.2024 10:02:11 +49 89 1234567 64311DEA-4587-4029-924A-BA299647998E").empty());
}

TEST_CASE("checked keys give the 16-byte key or a problem without digits", "[keyfile][tokens]") {
    auto good = check_found_recovery_key(xts128.rp);
    REQUIRE(good.key);
    CHECK(*good.key == key_of(xts128.rp));
    auto bad = check_found_recovery_key("235818-357951-253979-013365-241120-245575-342914-591901");
    CHECK_FALSE(bad.key);
    CHECK(bad.problem.find("group 8") != std::string::npos);
    CHECK(bad.problem.find("591901") == std::string::npos);
}

TEST_CASE("the same key found twice is one key with both sources", "[keyfile][found]") {
    std::vector<FoundKey> keys;
    keys.push_back(found(xts128, "/a.txt", 3));
    keys.push_back(found(xts128, "/b.csv", 7));
    keys.push_back(found(xts128, "/a.txt", 3));  // the very same place again: not a new source
    keys.push_back(found(cbc128, "/b.csv", 8));
    merge_duplicate_keys(keys);
    REQUIRE(keys.size() == 2);
    REQUIRE(keys[0].sources.size() == 2);
    CHECK(keys[0].sources[1].path == "/b.csv");
}

TEST_CASE("merging takes the more specific ID and missing details", "[keyfile][found]") {
    std::vector<FoundKey> keys;
    FoundKey shortened = found(xts128, "/page.txt", 4, false);
    shortened.short_id = KeyIdPattern::parse("64311DEA").value();
    keys.push_back(shortened);
    FoundKey bare = found(xts128, "/note.txt", 1, false);
    bare.sources[0].computer = "DESKTOP-B8H4DIM";
    keys.push_back(bare);
    keys.push_back(found(xts128, "/ad.csv", 9));
    merge_duplicate_keys(keys);
    REQUIRE(keys.size() == 1);
    REQUIRE(keys[0].key_id);
    CHECK(keys[0].key_id->str() == xts128.id);
    CHECK_FALSE(keys[0].short_id);
    CHECK(keys[0].sources.size() == 3);
    CHECK(keys[0].computer() == "DESKTOP-B8H4DIM");

    // The same secret under two different full IDs stays two entries.
    FoundKey other = found(xts128, "/x.txt", 1);
    other.key_id = id_of(cbc128.id);
    keys.push_back(other);
    merge_duplicate_keys(keys);
    CHECK(keys.size() == 2);
}

TEST_CASE("keys_for picks keys by protector ID or typed prefix, in the IDs' order", "[keyfile][found]") {
    std::vector<FoundKey> keys;
    keys.push_back(found(xts128, "/a", 1));
    keys.push_back(found(cbc128, "/a", 2));
    FoundKey shortened = found(two_rp1, "/a", 3, false);
    shortened.short_id = KeyIdPattern::parse("E7E48BAE").value();
    keys.push_back(shortened);
    keys.push_back(found(togo, "/a", 4, false));  // no ID at all
    merge_duplicate_keys(keys);
    REQUIRE(keys.size() == 4);

    auto by_id = keys_for(keys, {id_of(cbc128.id), id_of(xts128.id), id_of(two_rp1.id)});
    REQUIRE(by_id.size() == 3);
    CHECK(by_id[0]->key_id->str() == cbc128.id);
    CHECK(by_id[1]->key_id->str() == xts128.id);
    CHECK(by_id[2]->short_id->str() == "E7E48BAE");
    CHECK(keys_for(keys, {id_of(two_rp2.id)}).empty());
    auto with_bare = keys_for(keys, {id_of(two_rp2.id)}, UnidentifiedKeys::include);
    REQUIRE(with_bare.size() == 1);
    CHECK(with_bare[0]->secret == key_of(togo.rp));

    auto typed = keys_for(keys, {KeyIdPattern::parse("3fd763f9").value()});
    REQUIRE(typed.size() == 1);
    CHECK(typed[0]->key_id->str() == cbc128.id);
    // A typed prefix longer than a stored shortened ID matches when they agree.
    CHECK(keys_for(keys, {KeyIdPattern::parse("E7E48BAE-FF13").value()}).size() == 1);
    CHECK(keys_for(keys, {KeyIdPattern::parse("E7E48BAE-FF14").value()}).size() == 1);  // only 8 digits are known
    CHECK(keys_for(keys, {KeyIdPattern::parse("E7E48BAF").value()}).empty());

    auto cred = by_id[0]->to_credential();
    CHECK(cred.kind == Credential::Kind::recovery_password);
    CHECK(cred.key_id == id_of(cbc128.id));
    CHECK(cred.origin == "/a:2");
    CHECK(cred.secret == key_of(cbc128.rp));
}
