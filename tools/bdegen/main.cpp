// bdegen: wraps a plaintext file-system image in a Windows-10-style BitLocker volume (test data and
// demo disks). See tools/README.md for usage.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>

#include "bek_file.hpp"
#include "keys_json.hpp"
#include "layout.hpp"
#include "recovery_key_txt.hpp"
#include "util/unique_fd.hpp"
#include "volume_plan.hpp"
#include "volume_writer.hpp"

namespace {

struct Args {
    std::string plain, output, method = "aes-xts-128", bek_dir, txt_dir, keys_json, state = "full";
    std::vector<std::string> recovery_passwords, passwords;
    int random_recovery_passwords = 0;
    bool bek_win11 = false, clear_key = false;
    std::optional<std::string> description;
    std::uint32_t sector_size = 512;
    std::optional<std::uint64_t> encrypted_bytes, seed;
    std::optional<std::int64_t> creation_time;
    std::uint32_t hidden_sectors = 0;
    std::optional<int> damage_metadata;
};

int report(const bde::Error& e) {
    fmt::print(stderr, "bdegen: {}\n", e.message);
    if (!e.detail.empty()) fmt::print(stderr, "  ({})\n", e.detail);
    return bde::exit_code_for(e.code);
}

bde::Result<void> write_file(const std::string& path, std::span<const std::uint8_t> bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) return bde::fail(bde::Errc::io, fmt::format("Cannot write {}.", path));
    return {};
}

bde::Result<void> run(const Args& a) {
    bdegen::VolumeOptions o;
    auto method = bdegen::parse_method(a.method);
    if (!method) return bde::fail(bde::Errc::usage, fmt::format("Unknown method '{}'.", a.method));
    o.method = *method;
    o.sector_size = a.sector_size;
    o.recovery_passwords = a.recovery_passwords;
    o.recovery_passwords.insert(o.recovery_passwords.end(), static_cast<std::size_t>(a.random_recovery_passwords), "");
    o.passwords = a.passwords;
    o.startup_keys = a.bek_dir.empty() ? 0 : 1;
    o.clear_key = a.clear_key;
    o.description = a.description;
    o.paused = a.state == "paused";
    o.encrypted_bytes = a.encrypted_bytes;
    if (o.paused != a.encrypted_bytes.has_value())
        return bde::fail(bde::Errc::usage, "--state paused and --encrypted-bytes N (how far encryption got) go together.");
    o.seed = a.seed;
    o.creation_unix_time = a.creation_time;
    o.hidden_sectors = a.hidden_sectors;

    bde::UniqueFd plain(::open(a.plain.c_str(), O_RDONLY | O_CLOEXEC));
    if (!plain) return bde::fail(bde::Errc::not_found, fmt::format("Cannot open {}: {}.", a.plain, std::strerror(errno)));
    struct stat plain_st {};
    ::fstat(plain.get(), &plain_st);
    const auto volume_size = static_cast<std::uint64_t>(plain_st.st_size);
    if (volume_size % o.sector_size != 0 || volume_size < (1 << 20))
        return bde::fail(bde::Errc::usage, fmt::format("{} must be at least 1 MiB and a whole number of {}-byte sectors.",
                                                       a.plain, o.sector_size));
    struct stat out_st {};
    if (::stat(a.output.c_str(), &out_st) == 0 && out_st.st_dev == plain_st.st_dev && out_st.st_ino == plain_st.st_ino)
        return bde::fail(bde::Errc::usage, "The output must not be the plaintext image itself.");

    auto geometry = bdegen::read_geometry(plain.get(), volume_size, o.sector_size, o.hidden_sectors);
    if (!geometry) return std::unexpected(geometry.error());
    auto layout = bdegen::find_layout(plain.get(), volume_size);
    if (!layout) return std::unexpected(layout.error());
    bdegen::RandomSource random(o.seed);
    auto plan = bdegen::make_plan(o, volume_size, *geometry, *layout, random);
    if (!plan) return std::unexpected(plan.error());

    auto started = std::chrono::steady_clock::now();
    bde::UniqueFd out(::open(a.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!out) return bde::fail(bde::Errc::io, fmt::format("Cannot create {}: {}.", a.output, std::strerror(errno)));
    if (auto r = bdegen::write_volume(plain.get(), out.get(), *plan, random, {a.damage_metadata}); !r) return r;
    if (::close(out.release()) != 0) return bde::fail(bde::Errc::io, fmt::format("Cannot finish writing {}.", a.output));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    std::map<std::string, std::string> bek_paths;
    for (const auto& p : plan->protectors) {
        if (p.kind != bdegen::ProtectorKind::startup_key) continue;
        std::string path = a.bek_dir + "/" + bdegen::bek_file_name(p);
        auto layout_kind = a.bek_win11 ? bdegen::BekLayout::windows11 : bdegen::BekLayout::windows10;
        if (auto r = write_file(path, bdegen::build_bek_file(p, plan->volume_id, layout_kind)); !r) return r;
        bek_paths[p.id.str()] = path;
    }
    std::map<std::string, std::string> txt_paths;
    for (const auto& p : plan->protectors) {
        if (p.kind != bdegen::ProtectorKind::recovery_password || a.txt_dir.empty()) continue;
        std::string path = a.txt_dir + "/" + bdegen::recovery_key_txt_name(p.id);
        auto password = bde::RecoveryPassword::from_key(p.secret.span());
        if (auto r = write_file(path, bdegen::recovery_key_txt(p.id, *password)); !r) return r;
        txt_paths[p.id.str()] = path;
    }
    if (!a.keys_json.empty()) {
        std::string text = bdegen::keys_json(*plan, bek_paths, txt_paths).dump(2) + "\n";
        if (auto r = write_file(a.keys_json, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())); !r)
            return r;
    }

    fmt::print("{}: BitLocker volume, {}, {} bytes ({} encrypted) in {:.1f} s\n", a.output, bdegen::method_name(plan->method),
               plan->volume_size, plan->encrypted_bytes, seconds);
    fmt::print("  volume ID {}  \"{}\"\n", plan->volume_id.str(), plan->description);
    for (const auto& p : plan->protectors)
        fmt::print("  protector {} {}\n", p.id.str(), bdegen::protector_kind_name(p.kind));
    for (const auto& [id, path] : bek_paths) fmt::print("  startup key file {}\n", path);
    for (const auto& [id, path] : txt_paths) fmt::print("  recovery key file {}\n", path);
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    CLI::App app{"bdegen: write a Windows-10-style BitLocker volume around a plaintext file-system image"};
    app.add_option("--plain", a.plain, "plaintext file-system image (read only)")->required();
    app.add_option("-o,--output", a.output, "BitLocker volume image to write")->required();
    app.add_option("--method", a.method, "aes-xts-128 (default), aes-xts-256, aes-cbc-128 or aes-cbc-256");
    app.add_option("--recovery-password", a.recovery_passwords, "recovery-password protector with these 48 digits");
    app.add_flag("--random-recovery-password", a.random_recovery_passwords, "recovery-password protector with random digits");
    app.add_option("--password", a.passwords, "password protector");
    app.add_option("--bek-dir", a.bek_dir, "add a startup-key protector and write its <ID>.BEK here");
    app.add_flag("--bek-win11", a.bek_win11, "write the 180-byte Windows 11 .BEK layout");
    app.add_option("--recovery-txt-dir", a.txt_dir,
                   "write \"BitLocker Recovery Key <ID>.TXT\" here for each recovery password, as Windows saves it");
    app.add_flag("--clear-key", a.clear_key, "add a clear-key protector (protection suspended)");
    app.add_option("--description", a.description, "volume description, e.g. \"DESKTOP-DEMO C: 11/25/2026\"");
    app.add_option("--sector-size", a.sector_size, "512 (default) or 4096")->check(CLI::IsMember({512, 4096}));
    app.add_option("--state", a.state, "full (default) or paused")->check(CLI::IsMember({"full", "paused"}));
    app.add_option("--encrypted-bytes", a.encrypted_bytes, "paused: how many bytes from the start are encrypted");
    app.add_option("--damage-metadata", a.damage_metadata, "overwrite metadata copy 1, 2 or 3 with garbage")
        ->check(CLI::Range(1, 3));
    app.add_option("--seed", a.seed, "derive all keys, IDs and salts from this number (reproducible output)");
    app.add_option("--creation-time", a.creation_time, "creation time as Unix seconds (default: now; fixed with --seed)");
    app.add_option("--hidden-sectors", a.hidden_sectors, "partition start sector to record in the volume header");
    app.add_option("--print-keys-json", a.keys_json, "write every credential and key (test material) to this file");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : bde::exit_code_for(bde::Errc::usage);  // --help, or a usage error
    }
    try {
        if (auto r = run(a); !r) return report(r.error());
    } catch (const std::exception& e) {
        return report(bde::Error{bde::Errc::internal, "internal error", e.what()});
    }
    return 0;
}
