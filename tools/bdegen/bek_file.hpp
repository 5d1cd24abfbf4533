#pragma once
// The startup-key file `<KEY ID>.BEK` Windows writes to a USB stick: a metadata header like the FVE one
// and one external-key entry holding the 32-byte key. Windows 10: 156 bytes; Windows 11 adds an entry
// with the volume GUID: 180 bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "volume_plan.hpp"

namespace bdegen {

enum class BekLayout { windows10, windows11 };

std::vector<std::uint8_t> build_bek_file(const ProtectorPlan& startup_key, const bde::KeyId& volume_id,
                                         BekLayout layout);
std::string bek_file_name(const ProtectorPlan& startup_key);  // "<KEY ID>.BEK", upper case

}  // namespace bdegen
