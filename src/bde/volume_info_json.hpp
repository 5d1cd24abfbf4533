#pragma once
// The JSON object every command uses for a volume (info, scan, ...). Stable field names: scripts read them.
// {"device","offset","size","kind","state","method","description","volume_id","created",
//  "protectors":[{"type","key_id","created"}], "sector_size","encrypted_size","metadata_copies_good",
//  "notes":[...], "advice":[...]}
#include <nlohmann/json.hpp>

#include <string>

#include "bde/volume_info.hpp"

namespace bde {

nlohmann::json to_json(const VolumeInfo& info, const std::string& device, std::uint64_t offset);

// Short machine names used in JSON ("aes-xts-128", "recovery-password", "fully-encrypted").
const char* method_id(EncryptionMethod m);
const char* protector_id(ProtectorType t);
const char* state_id(VolumeState s);
// "2024-03-21T10:15:00Z"
std::string iso8601_utc(std::chrono::system_clock::time_point t);

}  // namespace bde
