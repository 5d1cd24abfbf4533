#pragma once
// --print-keys-json: every credential, key ID and key of a generated volume, for tests and the demo.
// Test material only: it holds the secrets in the clear by design.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "volume_plan.hpp"

namespace bdegen {

// bek_paths / txt_paths: key ID -> the .BEK or recovery-key .TXT file written for that protector.
nlohmann::json keys_json(const VolumePlan& plan, const std::map<std::string, std::string>& bek_paths,
                         const std::map<std::string, std::string>& txt_paths = {});

}  // namespace bdegen
