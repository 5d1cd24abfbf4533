// The real backend on the Windows-made test volumes: what the rescue screen gets from discovery and the
// volume layer.
#include <catch2/catch.hpp>

#include "core_backend.hpp"
#include "keys/recovery_password.hpp"
#include "testdata.hpp"

using namespace bde;
using namespace bde::tui;

namespace {

Credential recovery(const std::string& text) {
    return Credential{.kind = Credential::Kind::recovery_password, .secret = RecoveryPassword::parse(text)->key(),
                      .origin = "test"};
}

}  // namespace

TEST_CASE("core backend lists the named images and says which cannot be read", "[tui][backend]") {
    const auto& v = test::test_volume("bitlk-aes-xts-128");
    CoreBackend backend({.sources = {v.path, "/nonexistent/disk.img"}});
    auto drives = backend.list_drives();
    REQUIRE(drives);
    REQUIRE(drives->size() == 1);
    const DriveEntry& d = drives->front();
    REQUIRE(d.bitlocker);
    CHECK(d.bitlocker->description == "DESKTOP-NPM7RCA H: 7/4/2019");
    CHECK(d.device == v.path);
    CHECK(!d.likely_windows_system);  // drive H:
    auto notes = backend.limitations();
    REQUIRE(notes.size() == 1);
    CHECK(notes.front().find("/nonexistent/disk.img") != std::string::npos);
}

TEST_CASE("core backend: a wrong key, then the right one, then the recovery key read back", "[tui][backend]") {
    const auto& v = test::test_volume("bitlk-aes-xts-128");
    CoreBackend backend({.sources = {v.path}});
    auto drives = backend.list_drives();
    REQUIRE(drives);
    REQUIRE(drives->size() == 1);
    std::string handle = drives->front().handle;

    auto wrong = backend.unlock(handle, recovery(test::test_volume("bitlk-aes-cbc-128").get("RP")));
    REQUIRE(!wrong);
    CHECK(wrong.error().code == Errc::wrong_key);
    CHECK(!backend.recovery_password(handle));

    Credential password{.kind = Credential::Kind::password, .secret = SecureBuffer::from_string(v.get("PW")), .origin = "test"};
    auto opened = backend.unlock(handle, password);
    REQUIRE(opened);
    CHECK(opened->protector == ProtectorType::password);
    CHECK(opened->key_id == *KeyId::parse(v.get("PW_VMK_GUID")));
    CHECK(opened->recovery_password_readable);
    auto rp = backend.recovery_password(handle);
    REQUIRE(rp);
    CHECK(std::string(rp->view()) == v.get("RP"));

    CHECK(backend.unlock("/no/such/drive", password).error().code == Errc::not_found);
}
