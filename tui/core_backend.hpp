#pragma once
// The rescue screen's link to the real core: discovery finds disks and volumes (this machine's disks, or
// the images and devices named on the command line), the key scanner reads key files (the stick, --keys,
// and removable drives mounted read-only for the scan), open_volume unlocks (our key layer checked
// against libbde), MountedVolume shows the unlocked files read-only, the copy engine and the imager write
// to a destination drive that DestinationMounts opens for writing.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bde/open_volume.hpp"
#include "destination_mounts.hpp"
#include "discovery/model.hpp"
#include "mount/mounted_volume.hpp"
#include "rescue_backend.hpp"

namespace bde::tui {

struct CoreBackendOptions {
    std::vector<std::string> sources;    // images or devices to look at instead of this machine's disks
    std::vector<std::string> key_paths;  // --keys
    std::string stick;                   // the BDE Rescue stick's partition, when mounted (keys are read there too)
};

class CoreBackend final : public RescueBackend {
public:
    explicit CoreBackend(CoreBackendOptions options);
    ~CoreBackend() override;

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
    std::vector<std::string> limitations() const override { return notes_; }

private:
    struct Known {  // a partition from the last scan
        VolumeLocation where;
        discovery::Partition partition;
        std::string disk;  // the physical disk (or image file) it is on
        std::string model;
        bool removable = false;
        bool read_only = false;
    };
    struct Session {  // an unlocked volume
        std::shared_ptr<OpenedVolume> opened;
        std::unique_ptr<MountedVolume> mount;  // its files, read-only, once asked for
    };

    const Known* known(const std::string& handle) const;
    Result<Session*> session(const std::string& drive);
    Result<std::string> files_root(const std::string& drive);  // mounts the unlocked volume when needed
    Result<std::string> destination_dir(const std::string& handle);  // mounts the destination when needed
    Result<std::string> copy_target(const CopyRequest& request);

    CoreBackendOptions options_;
    std::map<std::string, Known> known_;
    std::map<std::string, Session> sessions_;
    std::map<std::string, std::uint64_t> free_seen_;  // free space of drives mounted for the key scan
    DestinationMounts destinations_;
    std::vector<std::string> notes_;
};

}  // namespace bde::tui
