#pragma once
// The rescue screen's link to the real core. Wired in: finding disks and BitLocker volumes (discovery:
// this machine's disks, or the images/devices named on the command line), unlocking through open_volume
// (our key layer, checked against libbde), the recovery key read back after unlocking, powering off.
// What other branches are still building (finding key files, browsing and copying files, images,
// mounting) is reported as a limitation, never faked.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bde/open_volume.hpp"
#include "rescue_backend.hpp"

namespace bde::tui {

struct CoreBackendOptions {
    std::vector<std::string> sources;    // images or devices to look at instead of this machine's disks
    std::vector<std::string> key_paths;  // --keys
};

class CoreBackend final : public RescueBackend {
public:
    explicit CoreBackend(CoreBackendOptions options);

    Result<std::vector<DriveEntry>> list_drives() override;
    std::vector<FoundKeyFile> find_keys() override;
    Result<UnlockReport> unlock(const std::string& drive, const Credential& credential) override;
    std::optional<SecureBuffer> recovery_password(const std::string& drive) override;
    Result<std::vector<DirEntry>> list_directory(const std::string& drive, const std::string& path) override;
    Result<std::vector<Destination>> list_destinations(const std::string& source_drive) override;
    Result<CopyPlan> plan_copy(const CopyRequest& request) override;
    Result<CopyResult> copy(const CopyRequest& request, const CopyCallbacks& callbacks) override;
    Result<CopyResult> make_image(const CopyRequest& request, const CopyCallbacks& callbacks) override;
    Result<std::string> mount_read_only(const std::string& drive) override;
    Result<void> power(PowerAction action) override;
    std::vector<std::string> limitations() const override;

private:
    CoreBackendOptions options_;
    std::map<std::string, VolumeLocation> locations_;            // DriveEntry::handle -> where it is
    std::map<std::string, std::shared_ptr<OpenedVolume>> opened_;  // unlocked volumes
    std::vector<std::string> scan_notes_;                         // disks that could not be read
};

}  // namespace bde::tui
