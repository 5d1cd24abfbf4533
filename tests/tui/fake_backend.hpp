#pragma once
// TEST ONLY: a RescueBackend whose drives, keys, folders and copy behaviour are set by each test, and
// which records what it was asked. Never linked into bderescue.
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>

#include "rescue_backend.hpp"

namespace bde::tui::test {

// Holds the fake copy at a given file until the test releases it.
class Gate {
public:
    void wait();
    void open();
    bool someone_waiting(std::chrono::milliseconds within = std::chrono::seconds(5));

private:
    std::mutex m_;
    std::condition_variable cv_;
    bool open_ = false;
    int waiting_ = 0;
};

struct FakeFile {
    std::string path;
    std::uint64_t size = 0;
    int failures = 0;  // how many reads fail before one succeeds (-1: always)
};

class FakeBackend final : public RescueBackend {
public:
    // What the test sets up.
    std::vector<DriveEntry> drives;
    std::vector<FoundKeyFile> keys;
    std::map<std::string, std::string> recovery_keys;  // drive -> the 48 digits that open it
    std::map<std::string, std::string> passwords;      // drive -> the password that opens it
    std::map<std::string, KeyId> startup_keys;         // drive -> the .BEK ID that opens it
    std::optional<std::string> stored_recovery;        // what recovery_password() returns
    std::map<std::string, std::vector<DirEntry>> folders;  // path -> listing
    std::vector<Destination> destinations;
    CopyPlan plan;
    std::uint64_t already_there = 0;                   // copy() reports this many files from an earlier run
    std::vector<FakeFile> files;                       // what copy() goes through
    std::optional<std::size_t> hold_at_file;           // copy() waits at this file for `gate`
    Gate gate;
    bool hold_unlock = false;                          // unlock() waits for `unlock_gate`
    Gate unlock_gate;
    Result<std::string> mount_point = std::string("/run/bderescue/ro");
    std::vector<std::string> notes;

    // What it was asked.
    std::vector<std::string> calls;
    int unlock_attempts = 0;
    std::vector<CopyRequest> copy_requests;
    std::vector<FailureChoice> failure_answers;
    std::optional<PowerAction> powered;

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
    std::vector<std::string> limitations() const override { return notes; }

private:
    std::mutex m_;  // calls are made from the controller's job thread
};

// A BitLocker volume the way Windows 10 makes them: TPM + recovery password (+ optional password).
DriveEntry windows_volume(const std::string& handle, const std::string& description, const std::string& recovery_id,
                          bool system = true);
DriveEntry other_drive(const std::string& handle, const std::string& fs, const std::string& label, std::uint64_t size);

}  // namespace bde::tui::test
