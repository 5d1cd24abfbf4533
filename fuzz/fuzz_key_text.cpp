// libFuzzer target: decoding and every text key format (Windows .TXT, CSV and JSON key lists, pasted text).
// Besides crashes it checks the promises callers rely on: every key found is a valid 16-byte recovery key,
// its source is the file, and no note ever quotes a key.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "keys/key_file_parser.hpp"
#include "keys/key_list_csv.hpp"
#include "keys/key_list_json.hpp"
#include "keys/key_text_parser.hpp"
#include "keys/recovery_password.hpp"
#include "keys/text_decode.hpp"

namespace {

void check(const bde::ParsedKeys& parsed, const std::string& path) {
    for (const auto& k : parsed.keys) {
        if (k.kind != bde::FoundKeyKind::recovery_password || k.secret.size() != 16) std::abort();
        if (k.sources.empty() || k.sources.front().path != path) std::abort();
        if (k.key_id && k.short_id) std::abort();
        auto rp = bde::RecoveryPassword::from_key(k.secret.span());
        if (!rp) std::abort();
        // The 48 digits are never part of a note.
        auto digits = rp->text();
        for (const auto& n : parsed.notes)
            if (n.message.find(digits.view()) != std::string::npos) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> bytes(data, size);
    // The file name may carry an ID; vary it with the first byte so both paths get exercised.
    const std::string path = size && (data[0] & 1) ? "/fuzz/BitLocker Recovery Key 64311DEA.TXT" : "/fuzz/keys.txt";
    check(bde::parse_key_file(bytes, path), path);

    bde::DecodedText text = bde::decode_text(bytes);
    check(bde::parse_key_text(text.view(), path), path);
    check(bde::parse_key_csv(text.view(), path), path);
    check(bde::parse_key_json(text.view(), path).parsed, path);
    (void)bde::looks_like_text(bytes);
    return 0;
}
