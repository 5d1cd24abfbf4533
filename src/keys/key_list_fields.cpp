#include "keys/key_list_fields.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace bde {
namespace {

// Lower case without spaces, dashes, underscores or dots: "msFVE-RecoveryGuid" -> "msfverecoveryguid".
std::string normalise(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '"' || c == '@') continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"')) s.remove_suffix(1);
    return s;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Splits a DN into its RDN values, undoing "\," "\+" "\\" "\"" and "\XX" hex escapes.
std::vector<std::pair<std::string, std::string>> split_dn(std::string_view dn) {
    std::vector<std::pair<std::string, std::string>> out;
    std::string attr, value;
    bool in_value = false;
    auto finish = [&] {
        if (in_value) out.emplace_back(std::string(trim(attr)), std::string(trim(value)));
        attr.clear();
        value.clear();
        in_value = false;
    };
    for (std::size_t i = 0; i < dn.size(); ++i) {
        char c = dn[i];
        if (c == '\\' && i + 1 < dn.size()) {
            int hi = hex_value(dn[i + 1]), lo = i + 2 < dn.size() ? hex_value(dn[i + 2]) : -1;
            char v = hi >= 0 && lo >= 0 ? static_cast<char>(hi * 16 + lo) : dn[i + 1];
            i += hi >= 0 && lo >= 0 ? 2 : 1;
            (in_value ? value : attr).push_back(v);
        } else if (c == ',') {
            finish();
        } else if (c == '=' && !in_value) {
            in_value = true;
        } else {
            (in_value ? value : attr).push_back(c);
        }
    }
    finish();
    return out;
}

}  // namespace

KeyField classify_key_field(std::string_view name) {
    static const std::unordered_map<std::string, KeyField> fields = [] {
        std::unordered_map<std::string, KeyField> m;
        for (const char* n : {"msfverecoverypassword", "recoverypassword", "recoverykey", "bitlockerrecoverykey",
                              "bitlockerrecoverypassword", "bitlockerkey", "key", "numericalpassword",
                              "wiederherstellungsschlüssel", "cléderécupération"})
            m.emplace(n, KeyField::recovery_key);
        for (const char* n : {"msfverecoveryguid", "recoveryguid", "keyid", "recoverykeyid", "keyprotectorid",
                              "bitlockerkeyid", "protectorid", "passwordid", "id", "recoveryid", "identifier",
                              "bitlockerrecoverykeyid", "kennung", "schlüsselid", "bezeichner", "identificateur"})
            m.emplace(n, KeyField::key_id);
        for (const char* n : {"objectguid", "deviceid", "azureaddeviceid", "aaddeviceid", "entradeviceid", "volumeid",
                              "volumeguid", "msfevolumeguid", "msfvevolumeguid", "manageddeviceid", "intunedeviceid",
                              "objectid", "tenantid"})
            m.emplace(n, KeyField::other_guid);
        for (const char* n : {"distinguishedname", "dn"}) m.emplace(n, KeyField::distinguished_name);
        for (const char* n : {"name", "cn"}) m.emplace(n, KeyField::object_name);
        for (const char* n : {"computer", "computername", "device", "devicename", "hostname", "host", "machine",
                              "machinename", "pscomputername", "displayname", "devicedisplayname", "rechner",
                              "rechnername", "gerät", "gerätename", "ordinateur", "appareil", "equipo", "dispositivo"})
            m.emplace(n, KeyField::computer);
        return m;
    }();
    if (name.size() > 64) return KeyField::unknown;  // no column name is that long
    auto it = fields.find(normalise(name));
    return it == fields.end() ? KeyField::unknown : it->second;
}

bool is_device_id_field(std::string_view name) {
    std::string n = normalise(name);
    return n == "deviceid" || n == "azureaddeviceid" || n == "entradeviceid";
}

std::optional<IdToken> parse_key_id_value(std::string_view value) {
    value = trim(value);
    if (value.size() == 35 && (value[0] == 'X' || value[0] == 'x') && value[1] == '\'' && value.back() == '\'') {
        std::uint8_t bytes[16];
        for (int i = 0; i < 16; ++i) {
            int hi = hex_value(value[2 + 2 * i]), lo = hex_value(value[3 + 2 * i]);
            if (hi < 0 || lo < 0) return std::nullopt;
            bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
        }
        IdToken t;
        t.len = value.size();
        t.full = KeyId::from_disk_bytes(bytes);
        return t;
    }
    if (value.size() == 32 && std::all_of(value.begin(), value.end(), [](char c) { return hex_value(c) >= 0; })) {
        IdToken t;
        t.len = 32;
        t.full = KeyId::parse(value).value();
        return t;
    }
    auto ids = find_key_ids(value);
    if (ids.size() != 1) return std::nullopt;
    return ids.front();
}

AdRecoveryObject parse_recovery_dn(std::string_view dn) {
    AdRecoveryObject out;
    auto rdns = split_dn(dn);
    if (rdns.empty()) return out;
    out.key_id = key_id_in_recovery_name(rdns[0].second);
    // Recovery objects are children of the computer object: the next CN is the computer's name.
    if (out.key_id && rdns.size() >= 2 && normalise(rdns[1].first) == "cn") out.computer = rdns[1].second;
    return out;
}

std::optional<KeyId> key_id_in_recovery_name(std::string_view name) {
    for (const auto& t : find_key_ids(name))
        if (t.full) return t.full;
    return std::nullopt;
}

}  // namespace bde
