#include "keys_json.hpp"

#include <fmt/format.h>

#include "keys/recovery_password.hpp"

namespace bdegen {
namespace {

std::string hex(std::span<const std::uint8_t> bytes) {
    std::string s;
    for (auto b : bytes) s += fmt::format("{:02x}", b);
    return s;
}

}  // namespace

nlohmann::json keys_json(const VolumePlan& plan, const std::map<std::string, std::string>& bek_paths,
                         const std::map<std::string, std::string>& txt_paths) {
    nlohmann::json protectors = nlohmann::json::array();
    for (const auto& p : plan.protectors) {
        nlohmann::json j{{"type", protector_kind_name(p.kind)}, {"key_id", p.id.str()}};
        switch (p.kind) {
            case ProtectorKind::recovery_password: {
                auto rp = bde::RecoveryPassword::from_key(p.secret.span());
                j["recovery_password"] = std::string(rp->text().view());
                j["recovery_key"] = hex(p.secret.span());
                if (auto it = txt_paths.find(p.id.str()); it != txt_paths.end()) j["recovery_txt"] = it->second;
                break;
            }
            case ProtectorKind::password: j["password"] = std::string(p.secret.view()); break;
            case ProtectorKind::startup_key:
                j["startup_key"] = hex(p.secret.span());
                if (auto it = bek_paths.find(p.id.str()); it != bek_paths.end()) j["bek_file"] = it->second;
                break;
            case ProtectorKind::clear_key: j["clear_key"] = hex(p.secret.span()); break;
        }
        protectors.push_back(std::move(j));
    }
    nlohmann::json offsets = nlohmann::json::array();
    for (auto o : plan.layout.metadata) offsets.push_back(o);
    return {
        {"volume_id", plan.volume_id.str()},
        {"description", plan.description},
        {"method", method_name(plan.method)},
        {"method_code", static_cast<int>(plan.method)},
        {"sector_size", plan.sector_size},
        {"volume_size", plan.volume_size},
        {"encrypted_bytes", plan.encrypted_bytes},
        {"state", plan.paused ? "paused" : "full"},
        {"file_system", plan.geometry.file_system},
        {"fvek", hex(plan.fvek.span())},
        {"vmk", hex(plan.vmk.span())},
        {"metadata_offsets", offsets},
        {"boot_backup_offset", plan.layout.boot_backup},
        {"conversion_area_offset", plan.layout.conversion_area},
        {"protectors", protectors},
    };
}

}  // namespace bdegen
