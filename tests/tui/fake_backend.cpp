#include "fake_backend.hpp"

#include "keys/recovery_password.hpp"

namespace bde::tui::test {

void Gate::wait() {
    std::unique_lock lock(m_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
    --waiting_;
}

void Gate::open() {
    std::lock_guard lock(m_);
    open_ = true;
    cv_.notify_all();
}

bool Gate::someone_waiting(std::chrono::milliseconds within) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, within, [this] { return waiting_ > 0; });
}

Result<std::vector<DriveEntry>> FakeBackend::list_drives() {
    std::lock_guard lock(m_);
    calls.push_back("list_drives");
    return drives;
}

std::vector<FoundKeyFile> FakeBackend::find_keys() {
    std::lock_guard lock(m_);
    calls.push_back("find_keys");
    return keys;
}

Result<UnlockReport> FakeBackend::unlock(const std::string& drive, const Credential& credential) {
    if (hold_unlock) unlock_gate.wait();
    std::lock_guard lock(m_);
    ++unlock_attempts;
    calls.push_back("unlock " + drive + " " + credential_kind_name(credential.kind));
    const DriveEntry* d = nullptr;
    for (const auto& e : drives)
        if (e.handle == drive) d = &e;
    if (!d || !d->bitlocker) return fail(Errc::not_found, "no such drive");
    auto protector_of = [&](ProtectorType t) {
        for (const auto& p : d->bitlocker->protectors)
            if (p.type == t) return p;
        return Protector{};
    };
    switch (credential.kind) {
        case Credential::Kind::recovery_password: {
            auto typed = RecoveryPassword::from_key(credential.secret.span());
            if (typed && recovery_keys.count(drive) && typed->text().view() == recovery_keys[drive]) {
                auto p = protector_of(ProtectorType::recovery_password);
                return UnlockReport{p.type, p.key_id, true};
            }
            break;
        }
        case Credential::Kind::password:
            if (passwords.count(drive) && credential.secret.view() == passwords[drive]) {
                auto p = protector_of(ProtectorType::password);
                return UnlockReport{p.type, p.key_id, stored_recovery.has_value()};
            }
            break;
        case Credential::Kind::startup_key:
            if (startup_keys.count(drive) && credential.key_id && *credential.key_id == startup_keys[drive]) {
                auto p = protector_of(ProtectorType::startup_key);
                return UnlockReport{p.type, p.key_id, stored_recovery.has_value()};
            }
            break;
        case Credential::Kind::clear_key:
            if (d->bitlocker->clear_key) return UnlockReport{ProtectorType::clear_key, {}, stored_recovery.has_value()};
            break;
        default: break;
    }
    return fail(Errc::wrong_key, "wrong key");
}

std::optional<SecureBuffer> FakeBackend::recovery_password(const std::string&) {
    if (!stored_recovery) return std::nullopt;
    return SecureBuffer::from_string(*stored_recovery);
}

Result<std::vector<DirEntry>> FakeBackend::list_directory(const std::string&, const std::string& path) {
    std::lock_guard lock(m_);
    calls.push_back("list " + path);
    auto it = folders.find(path);
    if (it == folders.end()) return fail(Errc::io, "The folder \\" + path + " cannot be read.");
    return it->second;
}

Result<std::vector<Destination>> FakeBackend::list_destinations(const std::string&) {
    std::lock_guard lock(m_);
    calls.push_back("list_destinations");
    return destinations;
}

Result<CopyPlan> FakeBackend::plan_copy(const CopyRequest& request) {
    std::lock_guard lock(m_);
    calls.push_back("plan " + std::to_string(request.paths.size()));
    return plan;
}

Result<CopyResult> FakeBackend::copy(const CopyRequest& request, const CopyCallbacks& cb) {
    {
        std::lock_guard lock(m_);
        calls.push_back("copy");
        copy_requests.push_back(request);
    }
    CopyResult result{.already_there_files = already_there,
                      .target = "/media/backup/" + request.folder,
                      .report = "/media/backup/" + request.folder + "/report.txt"};
    CopyProgress p{.files_total = files.size()};
    for (const auto& f : files) p.bytes_total += f.size;
    bool skip_all = false;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (hold_at_file && *hold_at_file == i) gate.wait();
        FakeFile f = files[i];
        p.current_file = f.path;
        p.current_total = f.size;
        p.current_done = 0;
        if (!cb.progress(p)) return result.cancelled = true, result;
        bool copied = false;
        for (int attempt = 0;; ++attempt) {
            if (f.failures >= 0 && attempt >= f.failures) {
                copied = true;
                break;
            }
            if (skip_all) break;
            FailureChoice choice = cb.on_failure({f.path, "The disk could not read part of this file."});
            {
                std::lock_guard lock(m_);
                failure_answers.push_back(choice);
            }
            if (choice == FailureChoice::retry) continue;
            if (choice == FailureChoice::skip_all) skip_all = true;
            if (choice == FailureChoice::abort) return result.cancelled = true, result;
            break;
        }
        if (copied) {
            ++result.copied_files;
            result.copied_bytes += f.size;
        } else {
            ++result.failed_files;
            ++p.errors;
        }
        p.files_done = i + 1;
        p.bytes_done += f.size;
        p.current_done = f.size;
        if (!cb.progress(p)) return result.cancelled = true, result;
    }
    return result;
}

Result<CopyResult> FakeBackend::make_image(const CopyRequest& request, const CopyCallbacks& cb) {
    {
        std::lock_guard lock(m_);
        calls.push_back("image");
        copy_requests.push_back(request);
    }
    CopyProgress p{.files_total = 1, .bytes_total = 1000};
    for (int i = 0; i <= 10; ++i) {
        p.bytes_done = static_cast<std::uint64_t>(i) * 100;
        if (!cb.progress(p)) return CopyResult{.cancelled = true};
    }
    return CopyResult{.copied_files = 1, .copied_bytes = 1000, .target = "/media/backup/" + request.folder + "/disk.img"};
}

Result<std::string> FakeBackend::mount_read_only(const std::string& drive) {
    std::lock_guard lock(m_);
    calls.push_back("mount " + drive);
    return mount_point;
}

Result<void> FakeBackend::power(PowerAction action) {
    std::lock_guard lock(m_);
    powered = action;
    return {};
}

DriveEntry windows_volume(const std::string& handle, const std::string& description, const std::string& recovery_id,
                          bool system) {
    VolumeInfo info;
    info.description = description;
    info.state = VolumeState::fully_encrypted;
    info.volume_size = 255'999'999'488;
    info.protectors = {{.type = ProtectorType::tpm, .key_id = *KeyId::parse("0A1B2C3D-0000-4000-8000-000000000001")},
                       {.type = ProtectorType::recovery_password, .key_id = *KeyId::parse(recovery_id)}};
    return DriveEntry{.handle = handle,
                      .device = handle,
                      .disk = handle,
                      .model = "Samsung SSD 980 PRO 500GB",
                      .size = 256'060'514'304,
                      .likely_windows_system = system,
                      .bitlocker = info};
}

DriveEntry other_drive(const std::string& handle, const std::string& fs, const std::string& label, std::uint64_t size) {
    return DriveEntry{.handle = handle, .device = handle, .disk = handle, .model = "SanDisk Cruzer", .size = size,
                      .removable = true, .filesystem = fs, .label = label};
}

}  // namespace bde::tui::test
