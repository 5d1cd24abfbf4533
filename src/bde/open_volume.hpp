#pragma once
// One call from "a path and some credentials" to an opened, decrypted, checked volume. Every command
// that reads a volume (unlock, image, mount, copy, the TUI) goes through here.
//   1. read the metadata; 2. try each credential with our key layer (every matching protector);
//   3. let libbde open the volume too, with the credential itself where it can, else with our keys;
//   4. compare our reader with libbde's before trusting it, or, where libbde cannot open the volume,
//      require that the decrypted volume starts with a file-system boot sector.
#include <memory>
#include <string>
#include <vector>

#include "bde/credential.hpp"
#include "bde/unlock.hpp"
#include "bde/volume_location.hpp"

namespace bde {

enum class Engine {
    libbde,     // libbde opened the volume with the user's credential: two implementations agree
    key_layer,  // our key layer found the keys (libbde could not, or was not asked)
};
const char* engine_name(Engine e);  // "libbde", "our key layer"

struct OpenOptions {
    bool use_libbde = true;
    int verify_sectors = 64;  // random sectors compared with libbde besides the first MiB
};

struct OpenedVolume {
    VolumeLocation location;
    std::shared_ptr<const BlockSource> raw;
    VolumeInfo info;
    UnlockedVolume unlocked;
    std::size_t credential_index = 0;  // which credential opened it
    std::shared_ptr<const BlockSource> volume;  // the decrypted volume (our reader)
    Engine engine = Engine::key_layer;
    bool checked_by_libbde = false;  // our reader's output matched libbde's
    std::string check;               // what was checked, for the user
    std::string libbde_note;         // why libbde could not help, when it could not
};

// Errors: those of read_volume_info; of unlock_volume (the most telling one when several credentials
// were tried); Errc::verify_failed when our reader and libbde disagree or the result is no file system.
Result<OpenedVolume> open_volume(const VolumeLocation& where, const std::vector<Credential>& credentials,
                                 const OpenOptions& options = {});
// The same on a source the caller already holds (opened from `where`, which libbde opens by itself).
Result<OpenedVolume> open_volume(std::shared_ptr<const BlockSource> raw, const VolumeLocation& where,
                                 const std::vector<Credential>& credentials, const OpenOptions& options = {});
// The same with the metadata the caller has already read from `raw` (to choose credentials by the volume's
// protectors, e.g. keys found in a folder, before opening).
Result<OpenedVolume> open_volume(std::shared_ptr<const BlockSource> raw, const VolumeLocation& where,
                                 const VolumeInfo& info, const std::vector<Credential>& credentials,
                                 const OpenOptions& options = {});

}  // namespace bde
