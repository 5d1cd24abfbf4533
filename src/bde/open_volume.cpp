#include "bde/open_volume.hpp"

#include <fmt/format.h>

#include "bde/decrypted_volume.hpp"
#include "bde/filesystem_signature.hpp"
#include "bde/libbde_volume.hpp"
#include "bde/verify_against_libbde.hpp"

namespace bde {

const char* engine_name(Engine e) { return e == Engine::libbde ? "libbde" : "our key layer"; }

namespace {

// When several credentials fail, the error worth showing: damage and I/O first, then "wrong key".
int priority(Errc c) {
    switch (c) {
        case Errc::io:
        case Errc::corrupt: return 4;
        case Errc::wrong_key: return 3;
        case Errc::malformed_key: return 2;
        case Errc::unsupported: return 1;
        default: return 0;
    }
}

Result<std::unique_ptr<LibbdeVolume>> libbde_for(const VolumeLocation& where, const Credential& c,
                                                 const UnlockedVolume& u, Engine& engine, std::string& note) {
    if (c.kind == Credential::Kind::recovery_password || c.kind == Credential::Kind::password) {
        auto own = LibbdeVolume::open_with_credential(where, c);
        if (own) {
            engine = Engine::libbde;
            return own;
        }
        note = own.error().message + (own.error().detail.empty() ? "" : " (" + own.error().detail + ")");
    }
    auto with_keys = LibbdeVolume::open_with_keys(where, u.keys);
    if (!with_keys && note.empty())
        note = with_keys.error().message + (with_keys.error().detail.empty() ? "" : " (" + with_keys.error().detail + ")");
    return with_keys;
}

// Without libbde, the decrypted volume must start with a file-system boot sector. When bad sectors hide
// the first one, NTFS's backup boot sector in the volume's last sector is the witness instead; with neither
// readable the volume still opens (the key itself passed its authentication tag), so that imaging can save
// everything around the bad sectors, and the check says that nothing could be compared.
Result<std::string> boot_sector_check(const BlockSource& volume) {
    std::array<std::uint8_t, 512> boot{};
    auto n = volume.read_at(0, boot);
    if (n) {
        auto fs = filesystem_of_boot_sector(boot);
        if (!fs)
            return fail(Errc::verify_failed,
                        "The key opened the volume, but the decrypted data does not start with a file system, and "
                        "libbde cannot cross-check this volume. Nothing was written.");
        return fmt::format("decrypted volume starts with a valid {} boot sector", *fs);
    }
    if (n.error().code != Errc::io) return std::unexpected(n.error());
    auto last = volume.size() >= 2 * boot.size() ? volume.read_at(volume.size() - boot.size(), boot) : n;
    if (last && *last == boot.size() && filesystem_of_boot_sector(boot) == "NTFS")
        return std::string("the first sector is unreadable; the backup NTFS boot sector at the end decrypts correctly");
    return std::string("NOT checked: the first sector of the volume is unreadable (bad sectors); the key is right, "
                       "but image the volume rather than copying files");
}

}  // namespace

Result<OpenedVolume> open_volume(const VolumeLocation& where, const std::vector<Credential>& credentials,
                                 const OpenOptions& options) {
    auto raw = open_location(where);
    if (!raw) return std::unexpected(raw.error());
    return open_volume(std::shared_ptr<const BlockSource>(std::move(*raw)), where, credentials, options);
}

Result<OpenedVolume> open_volume(std::shared_ptr<const BlockSource> raw, const VolumeLocation& where,
                                 const std::vector<Credential>& credentials, const OpenOptions& options) {
    if (!raw) return fail(Errc::internal, "No source volume.");
    auto info = read_volume_info(*raw);
    if (!info) return std::unexpected(info.error());
    return open_volume(std::move(raw), where, *info, credentials, options);
}

Result<OpenedVolume> open_volume(std::shared_ptr<const BlockSource> raw, const VolumeLocation& where,
                                 const VolumeInfo& info, const std::vector<Credential>& credentials,
                                 const OpenOptions& options) {
    if (!raw) return fail(Errc::internal, "No source volume.");
    if (credentials.empty())
        return fail(Errc::usage, "No key was given: use a recovery key, password, startup key (.BEK) or --clear-key.");

    OpenedVolume out;
    out.location = where;
    out.raw = raw;
    out.info = info;
    std::optional<Error> worst;
    bool opened = false;
    for (std::size_t i = 0; i < credentials.size() && !opened; ++i) {
        auto u = unlock_volume(*raw, info, credentials[i]);
        if (u) {
            out.unlocked = std::move(*u);
            out.credential_index = i;
            opened = true;
        } else if (!worst || priority(u.error().code) > priority(worst->code)) {
            worst = u.error();
        }
    }
    if (!opened) {
        if (credentials.size() > 1)
            worst->detail = fmt::format("{} keys tried{}{}", credentials.size(), worst->detail.empty() ? "" : "; ",
                                        worst->detail);
        return std::unexpected(*worst);
    }

    auto reader = open_decrypted_volume(out.raw, out.info, out.unlocked.keys);
    if (!reader) return std::unexpected(reader.error());
    out.volume = std::shared_ptr<const BlockSource>(std::move(*reader));

    if (options.use_libbde) {
        auto libbde = libbde_for(where, credentials[out.credential_index], out.unlocked, out.engine, out.libbde_note);
        if (libbde) {
            auto report = verify_against_libbde(*out.volume, **libbde, options.verify_sectors);
            if (!report) return std::unexpected(report.error());
            out.checked_by_libbde = true;
            out.check = fmt::format("decryption matches libbde {} (first MiB and {} random sectors)",
                                    LibbdeVolume::version(), report->random_sectors);
            return out;
        }
    } else {
        out.libbde_note = "libbde not used";
    }
    auto fs = boot_sector_check(*out.volume);
    if (!fs) {
        if (fs.error().detail.empty()) fs.error().detail = out.libbde_note;
        return std::unexpected(fs.error());
    }
    out.check = fmt::format("{} (libbde cannot check this volume)", *fs);
    return out;
}

}  // namespace bde
