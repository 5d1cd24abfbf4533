#include "volume_test_helpers.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "io/file_source.hpp"
#include "keys/recovery_password.hpp"
#include "run_cli.hpp"

namespace bde::test {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

Credential recovery_credential(const std::string& digits) {
    Credential c;
    c.kind = Credential::Kind::recovery_password;
    auto rp = RecoveryPassword::parse(digits);
    REQUIRE(rp);
    c.secret = rp->key();
    return c;
}

Credential password_credential(const std::string& password) {
    Credential c;
    c.kind = Credential::Kind::password;
    c.secret = SecureBuffer::from_string(password);
    return c;
}

Credential bek_credential(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() >= 48 + 32);
    Credential c;
    c.kind = Credential::Kind::startup_key;
    c.secret = SecureBuffer(bytes.data() + bytes.size() - 32, 32);  // the key is the file's last 32 bytes
    c.key_id = KeyId::from_disk_bytes(bytes.data() + 16);
    return c;
}

std::vector<NamedCredential> credentials_of(const TestVolume& v) {
    std::vector<NamedCredential> out;
    if (!v.get("RP").empty()) out.push_back({"RP", upper(v.get("RP_VMK_GUID")), recovery_credential(v.get("RP"))});
    if (!v.get("RP2").empty()) out.push_back({"RP2", upper(v.get("RP2_VMK_GUID")), recovery_credential(v.get("RP2"))});
    if (!v.get("PW").empty()) out.push_back({"PW", upper(v.get("PW_VMK_GUID")), password_credential(v.get("PW"))});
    if (!v.get("SK_VMK_GUID").empty()) {
        std::string id = upper(v.get("SK_VMK_GUID"));
        out.push_back({"SK", id, bek_credential(testdata_dir() + "/" + id + ".BEK")});
    }
    if (!v.get("CLEARKEY_VMK_GUID").empty()) {
        Credential c;
        c.kind = Credential::Kind::clear_key;
        out.push_back({"CLEARKEY", upper(v.get("CLEARKEY_VMK_GUID")), std::move(c)});
    }
    return out;
}

RawVolume open_raw_volume(const std::string& path) {
    auto src = FileSource::open(path);
    REQUIRE(src);
    RawVolume v;
    v.source = std::shared_ptr<const BlockSource>(std::move(*src));
    auto info = read_volume_info(*v.source);
    REQUIRE(info);
    v.info = std::move(*info);
    return v;
}

std::string sha256_of_source(const BlockSource& source) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    std::vector<std::uint8_t> buf(4 << 20);
    for (std::uint64_t off = 0; off < source.size();) {
        auto n = source.read_at(off, buf);
        REQUIRE(n);
        REQUIRE(*n > 0);
        EVP_DigestUpdate(ctx, buf.data(), *n);
        off += *n;
    }
    unsigned char md[32];
    unsigned len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    std::string hex;
    for (unsigned i = 0; i < len; ++i) hex += "0123456789abcdef"[md[i] >> 4], hex += "0123456789abcdef"[md[i] & 15];
    return hex;
}

ScratchCopy::ScratchCopy(const std::string& source) {
    std::string templ = (std::filesystem::temp_directory_path() / "bderescue-test-XXXXXX").string();
    REQUIRE(mkdtemp(templ.data()) != nullptr);
    dir = templ;
    path = dir / std::filesystem::path(source).filename();
    auto r = run_program({"cp", "--sparse=always", source, path.string()});
    REQUIRE(r.exit_code == 0);
    std::filesystem::permissions(path, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
}

ScratchCopy::~ScratchCopy() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

}  // namespace bde::test
