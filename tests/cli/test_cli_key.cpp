#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"

using namespace bde::test;

TEST_CASE("bderescue key check accepts a valid key and exits 0", "[cli]") {
    auto r = run_bderescue({"key", "check", "042647-302313-590458-071500-554323-116567-412181-516978"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("well-formed") != std::string::npos);
}

TEST_CASE("bderescue key check --json names every bad group", "[cli]") {
    auto r = run_bderescue({"key", "check", "--json", "042647-302313-590485-071500-554323-116567-412181-516987"});
    CHECK(r.exit_code == 3);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["valid"] == false);
    REQUIRE(j["errors"].size() == 2);
    CHECK(j["errors"][0]["group"] == 3);
    CHECK(j["errors"][0]["value"] == "590485");
    CHECK(j["errors"][1]["group"] == 8);
}

TEST_CASE("bderescue key check takes the key as eight separate words", "[cli]") {
    auto r = run_bderescue({"key", "check", "042647", "302313", "590458", "071500", "554323", "116567", "412181", "516978"});
    CHECK(r.exit_code == 0);
}

TEST_CASE("bderescue key suggest lists the likely correction first", "[cli]") {
    auto r = run_bderescue({"key", "suggest", "--json", "042647-302313-590485-071500-554323-116567-412181-516978"});
    CHECK(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    REQUIRE(!j["candidates"].empty());
    CHECK(j["candidates"][0]["recovery_password"] == "042647-302313-590458-071500-554323-116567-412181-516978");
}

TEST_CASE("bderescue without a valid subcommand is a usage error", "[cli]") {
    CHECK(run_bderescue({"no-such-command"}).exit_code == 2);
    auto help = run_bderescue({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Exit codes") != std::string::npos);
}
