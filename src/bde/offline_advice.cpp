// offline_advice: what a technician can do with this volume without the original PC.
#include <fmt/format.h>

#include "bde/volume_info.hpp"

namespace bde {

std::vector<std::string> offline_advice(const VolumeInfo& info) {
    std::vector<std::string> out;
    bool any_offline = false;
    for (const Protector& p : info.protectors) {
        std::string id = p.key_id.str();
        switch (p.type) {
            case ProtectorType::clear_key:
                out.push_back("BitLocker protection is suspended: the volume opens without any key (--clear-key).");
                break;
            case ProtectorType::recovery_password:
                out.push_back(fmt::format(
                    "Use the 48-digit recovery key with ID {} (the recovery screen shows {}). Look for a file named "
                    "\"BitLocker Recovery Key {}.TXT\", a printout, the Microsoft account, Active Directory or Entra ID.",
                    id, p.key_id.short_str(), id));
                break;
            case ProtectorType::password:
                out.push_back(fmt::format("Type the password chosen when BitLocker was turned on (protector {}).", id));
                break;
            case ProtectorType::startup_key:
                out.push_back(fmt::format("Use the startup key file {}.BEK (usually on a USB stick).", id));
                break;
            case ProtectorType::tpm:
            case ProtectorType::tpm_pin:
                out.push_back(fmt::format("The TPM protector ({}) works only inside the original PC and cannot be "
                                          "used here.", p.key_id.short_str()));
                break;
            case ProtectorType::smart_card:
                out.push_back(fmt::format("The smart-card protector ({}) cannot be used offline.", p.key_id.short_str()));
                break;
            case ProtectorType::unknown:
                out.push_back(fmt::format("Protector {} is of an unknown kind (0x{:04X}) and cannot be used here.",
                                          p.key_id.short_str(), p.raw_type));
                break;
        }
        any_offline = any_offline || p.usable_offline();
    }
    if (!any_offline)
        out.push_back("No protector on this volume can be opened offline: boot the original PC, or find the "
                      "recovery key (the Microsoft account, Active Directory, Entra ID, or a printout).");
    return out;
}

}  // namespace bde
