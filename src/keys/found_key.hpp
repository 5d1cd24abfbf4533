#pragma once
// A key found in a file (recovery-key .TXT, .BEK, AD/Entra export, pasted portal text), with every place it
// was found, and the helpers that pick the keys fitting a volume's protectors by key ID.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bde/credential.hpp"
#include "keys/key_id.hpp"
#include "util/secure_buffer.hpp"

namespace bde {

enum class FoundKeyKind { recovery_password, startup_key };
const char* found_key_kind_name(FoundKeyKind kind);  // "recovery-password", "startup-key"

// Where a key was read: file, 1-based line (0 for binary files), the format the file was read as
// ("windows-txt", "bek", "ad-csv", "csv", "graph-json", "powershell-json", "ad-json", "json", "text") and
// the computer name or (Entra/Graph exports) device ID the file gives for it, when it does.
struct KeySource {
    std::string path;
    int line = 0;
    std::string format;
    std::string computer;
    std::string device_id;
};

struct FoundKey {
    FoundKeyKind kind = FoundKeyKind::recovery_password;
    std::optional<KeyId> key_id;            // the protector's full key ID, when known
    std::optional<KeyIdPattern> short_id;   // only a shortened ID is known ("AC9D5655"); unset with key_id
    std::optional<KeyId> volume_id;         // the volume the key belongs to (Windows 11 .BEK files carry it)
    SecureBuffer secret;                    // 16-byte recovery key (8 little-endian u16) or 32-byte startup key
    std::vector<KeySource> sources;         // never empty; the same key found again adds a source

    const KeySource& source() const { return sources.front(); }
    std::string computer() const;   // the first computer name any source gives, or ""
    std::string device_id() const;  // the first Entra device ID any source gives, or ""
    std::string id_text() const;   // the full ID, else the short ID, else ""
    bool has_id() const { return key_id || short_id; }
    // Whether this key may open the protector with this ID (a short ID matches by prefix).
    bool fits(const KeyId& protector_id) const;
    // Whether this key may be the one a person means by a (possibly shortened) ID.
    bool fits(const KeyIdPattern& pattern) const;
    // The same secret under compatible IDs (equal, or one a prefix of the other, or neither known).
    bool same_key_as(const FoundKey& other) const;
    // What the unlock layer takes; origin names the first source ("path:line").
    Credential to_credential() const;
};

// Something worth telling the user about a file (unreadable, too large, a mistyped key in it, ...).
// Never contains key material.
struct KeyNote {
    std::string source;
    int line = 0;  // 0 when the note is about the whole file
    std::string message;
};

struct ParsedKeys {
    static constexpr std::size_t kMaxNotes = 100;  // a hostile file can hold millions of near-keys
    std::vector<FoundKey> keys;
    std::vector<KeyNote> notes;
    std::size_t notes_dropped = 0;  // notes beyond kMaxNotes, counted but not kept

    void note(const std::string& source, int line, std::string message) {
        if (notes.size() < kMaxNotes) notes.push_back({source, line, std::move(message)});
        else ++notes_dropped;
    }
};

// Folds keys found more than once (same kind and secret, compatible IDs) into the first entry: its sources
// are all kept, the more specific ID and any missing computer or volume ID are taken over; first-found
// order stays. O(n log n), for files with hundreds of thousands of keys.
void merge_duplicate_keys(std::vector<FoundKey>& keys);

enum class UnidentifiedKeys { exclude, include };
// The keys that may open a volume with these protector IDs, IDs' order first. Keys without any ID
// (a bare 48-digit key in a text) are appended when asked: they can be tried on any recovery protector.
std::vector<const FoundKey*> keys_for(const std::vector<FoundKey>& keys, const std::vector<KeyId>& protector_ids,
                                      UnidentifiedKeys unidentified = UnidentifiedKeys::exclude);
std::vector<const FoundKey*> keys_for(const std::vector<FoundKey>& keys, const std::vector<KeyIdPattern>& patterns,
                                      UnidentifiedKeys unidentified = UnidentifiedKeys::exclude);

}  // namespace bde
