#pragma once
// What the columns of CSV key lists and the fields of JSON exports mean, shared by both readers: AD's
// msFVE-* attributes and distinguished names, Graph's id/key/deviceId, PowerShell's KeyProtectorId,
// and the names technicians give their own columns.
#include <optional>
#include <string>
#include <string_view>

#include "keys/key_tokens.hpp"

namespace bde {

enum class KeyField {
    unknown,
    recovery_key,   // msFVE-RecoveryPassword, RecoveryPassword, key, ...
    key_id,         // msFVE-RecoveryGuid, KeyProtectorId, id, KeyId, ...
    other_guid,     // GUIDs that are not key IDs: objectGUID, deviceId, msFVE-VolumeGuid, ...
    distinguished_name,
    object_name,    // AD's Name/CN: "<date>{GUID}" for recovery objects, a computer in home-made lists
    computer,       // ComputerName, DeviceName, PSComputerName, ...
};
KeyField classify_key_field(std::string_view name);
// deviceId / azureADDeviceId: the Entra device a key belongs to (a hint when no computer name is given).
bool is_device_id_field(std::string_view name);

// A key-ID value: "{GUID}", "GUID", 32 hex digits, csvde's binary "X'<32 hex>'" (bytes as on disk), or a
// shortened ID ("AC9D5655").
std::optional<IdToken> parse_key_id_value(std::string_view value);

// AD's recovery object: "CN=2024-03-21T10:02:11-08:00{GUID},CN=DESKTOP-B8H4DIM,OU=...,DC=..." (with
// escapes such as "\+01:00"). The key ID is the GUID in the first CN; the computer is the parent CN.
struct AdRecoveryObject {
    std::optional<KeyId> key_id;
    std::string computer;
};
AdRecoveryObject parse_recovery_dn(std::string_view dn);
// "2024-03-21T10:02:11-08:00{GUID}" -> GUID (the object's Name / CN).
std::optional<KeyId> key_id_in_recovery_name(std::string_view name);

}  // namespace bde
