#pragma once
// --print-keys-json: every credential, key ID and key of a generated volume, for tests and the demo.
// Test material only: it holds the secrets in the clear by design.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "volume_plan.hpp"

namespace bdegen {

// bek_paths: key ID -> path of the .BEK file written for that startup key.
nlohmann::json keys_json(const VolumePlan& plan, const std::map<std::string, std::string>& bek_paths);

}  // namespace bdegen
