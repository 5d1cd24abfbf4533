#include "bde/volume_info_json.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace bde {

const char* method_id(EncryptionMethod m) {
    switch (m) {
        case EncryptionMethod::aes_cbc_128_diffuser: return "aes-cbc-128-diffuser";
        case EncryptionMethod::aes_cbc_256_diffuser: return "aes-cbc-256-diffuser";
        case EncryptionMethod::aes_cbc_128: return "aes-cbc-128";
        case EncryptionMethod::aes_cbc_256: return "aes-cbc-256";
        case EncryptionMethod::aes_xts_128: return "aes-xts-128";
        case EncryptionMethod::aes_xts_256: return "aes-xts-256";
        case EncryptionMethod::unknown: break;
    }
    return "unknown";
}

const char* protector_id(ProtectorType t) {
    switch (t) {
        case ProtectorType::clear_key: return "clear-key";
        case ProtectorType::tpm: return "tpm";
        case ProtectorType::startup_key: return "startup-key";
        case ProtectorType::tpm_pin: return "tpm-pin";
        case ProtectorType::recovery_password: return "recovery-password";
        case ProtectorType::smart_card: return "smart-card";
        case ProtectorType::password: return "password";
        case ProtectorType::unknown: break;
    }
    return "unknown";
}

const char* state_id(VolumeState s) {
    switch (s) {
        case VolumeState::fully_encrypted: return "fully-encrypted";
        case VolumeState::encrypting: return "encrypting";
        case VolumeState::decrypting: return "decrypting";
        case VolumeState::paused: return "paused";
        case VolumeState::partially_encrypted: return "partially-encrypted";
        case VolumeState::unknown: break;
    }
    return "unknown";
}

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::time_point_cast<std::chrono::seconds>(t));
}

nlohmann::json to_json(const VolumeInfo& info, const std::string& device, std::uint64_t offset) {
    nlohmann::json protectors = nlohmann::json::array();
    for (const Protector& p : info.protectors) {
        nlohmann::json j = {{"type", protector_id(p.type)}, {"key_id", p.key_id.str()}};
        j["created"] = p.created ? nlohmann::json(iso8601_utc(*p.created)) : nlohmann::json(nullptr);
        protectors.push_back(std::move(j));
    }
    nlohmann::json j = {
        {"device", device},
        {"offset", offset},
        {"size", info.volume_size},
        {"kind", kind_name(info.kind)},
        {"state", state_id(info.state)},
        {"method", method_id(info.method)},
        {"description", info.description},
        {"volume_id", info.volume_id.str()},
        {"created", info.created ? nlohmann::json(iso8601_utc(*info.created)) : nlohmann::json(nullptr)},
        {"protectors", protectors},
        {"sector_size", info.sector_size},
        {"encrypted_size", info.encrypted_size},
        {"metadata_copies_good", info.good_metadata_copies},
        {"notes", info.notes},
        {"advice", offline_advice(info)},
    };
    return j;
}

}  // namespace bde
