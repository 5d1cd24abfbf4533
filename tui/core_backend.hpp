#pragma once
// The rescue screen's link to the real core. What the core offers today is wired in: BitLocker metadata
// of the images or devices named on the command line, unlocking with any credential, the recovery
// key read back after unlocking, powering off. What other branches are still building (finding disks,
// finding key files, browsing, copying, images, mounting) is reported as a limitation, never faked.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bde/unlock.hpp"
#include "io/file_source.hpp"
#include "rescue_backend.hpp"

namespace bde::tui {

struct CoreBackendOptions {
    std::vector<std::string> sources;    // images or devices given on the command line
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
    struct Opened {
        std::shared_ptr<FileSource> source;
        VolumeInfo info;
        std::optional<UnlockedVolume> unlocked;
    };
    Result<Opened*> open(const std::string& drive);

    CoreBackendOptions options_;
    std::map<std::string, Opened> opened_;
};

}  // namespace bde::tui
