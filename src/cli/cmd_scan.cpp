// `bderescue scan [IMAGE...] [--json] [--all]`: list the BitLocker volumes on this machine's disks or in
// the given image files, with what a technician needs to pick the right key.
#include <unistd.h>

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/command_registry.hpp"
#include "cli/output.hpp"
#include "discovery/scan.hpp"
#include "discovery/scan_json.hpp"
#include "discovery/volume_order.hpp"

namespace bde::cli {
namespace {

using discovery::Disk;
using discovery::Partition;
using discovery::Snapshot;

struct ScanArgs {
    std::vector<std::string> paths;
    bool json = false;
    bool all = false;
};

std::string format_size(std::uint64_t bytes) {
    double b = static_cast<double>(bytes);
    if (bytes >= 1000ull * 1000 * 1000) return fmt::format("{:.1f} GB ({:.1f} GiB)", b / 1e9, b / (1ull << 30));
    return fmt::format("{:.1f} MB ({:.1f} MiB)", b / 1e6, b / (1ull << 20));
}

// Prints rows as columns wide enough for their longest cell; `notes` lines go under their row.
struct Table {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::vector<std::string>> notes;

    void print(const std::string& indent) const {
        std::vector<std::size_t> width;
        for (const auto& row : rows)
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (width.size() <= c) width.push_back(0);
                width[c] = std::max(width[c], row[c].size());
            }
        for (std::size_t r = 0; r < rows.size(); ++r) {
            std::string line = indent;
            for (std::size_t c = 0; c < rows[r].size(); ++c)
                line += c + 1 == rows[r].size() ? rows[r][c] : fmt::format("{:<{}}  ", rows[r][c], width[c]);
            while (!line.empty() && line.back() == ' ') line.pop_back();
            fmt::print("{}\n", line);
            for (const auto& note : notes[r]) fmt::print("{}    {}\n", indent, note);
        }
    }
    void add(std::vector<std::string> row, std::vector<std::string> row_notes = {}) {
        rows.push_back(std::move(row));
        notes.push_back(std::move(row_notes));
    }
};

std::string disk_text(const Disk& disk) {
    if (disk.is_image() || disk.transport == "loop") return disk.model;  // the model already says what it is
    return fmt::format("{} ({})", disk.model, disk.transport);
}

std::string key_ids_text(const VolumeInfo& info) {
    std::string ids;
    for (const auto& p : info.protectors) ids += (ids.empty() ? "" : ", ") + p.key_id.short_str();
    return ids;
}

void print_volumes(const Snapshot& snapshot, const std::vector<discovery::VolumeRef>& volumes) {
    fmt::print("{} BitLocker volume{} found:\n\n", volumes.size(), volumes.size() == 1 ? "" : "s");
    Table table;
    table.add({"Device", "Size", "Disk", "Description", "State", "Method", "Key IDs"});
    for (auto ref : volumes) {
        const Disk& disk = snapshot.disk_of(ref);
        const Partition& part = snapshot.partition_of(ref);
        if (part.bitlocker) {
            const VolumeInfo& info = *part.bitlocker;
            table.add({part.display_name(), format_size(part.size), disk_text(disk), info.description,
                       state_name(info.state), method_name(info.method), key_ids_text(info)},
                      offline_advice(info));
        } else {
            table.add({part.display_name(), format_size(part.size), disk_text(disk), "(metadata not readable)", "", "", ""},
                      {part.bitlocker_error});
        }
    }
    table.print("  ");
}

std::string mount_text(const Partition& p) {
    if (p.mountpoint.empty()) return "";
    if (!p.free_bytes) return "mounted at " + p.mountpoint;
    return fmt::format("mounted at {} ({} free)", p.mountpoint, format_size(*p.free_bytes));
}

void print_disks(const Snapshot& snapshot) {
    fmt::print("\nAll disks and partitions:\n");
    for (const Disk& disk : snapshot.disks) {
        std::vector<std::string> facts;
        if (!disk.is_image()) facts.push_back(disk.transport);
        if (disk.removable) facts.push_back("removable");
        if (disk.read_only) facts.push_back("read-only");
        if (!disk.serial.empty()) facts.push_back("serial " + disk.serial);
        if (!disk.partition_table.empty()) facts.push_back(disk.partition_table == "dos" ? "MBR" : disk.partition_table == "gpt" ? "GPT" : disk.partition_table);
        fmt::print("\n  {}  {}  {}{}\n", disk.path, format_size(disk.size), disk.model,
                   facts.empty() ? "" : fmt::format("  [{}]", fmt::join(facts, ", ")));
        if (!disk.error.empty()) {
            fmt::print("    could not be read: {}\n", disk.error);
            continue;
        }
        if (disk.partitions.empty()) {
            fmt::print("    no partitions and no file system found\n");
            continue;
        }
        Table table;
        table.add({"#", "Device", "Size", "Type", "File system", "Label", ""});
        for (const Partition& p : disk.partitions) {
            std::string label = p.fs_label.empty() ? p.label : p.fs_label;
            table.add({std::to_string(p.number), p.display_name(), format_size(p.size),
                       p.type_name.empty() ? p.type : p.type_name, p.fs_type, label, mount_text(p)});
        }
        table.print("    ");
    }
}

void print_problems(const Snapshot& snapshot) {
    for (const Disk& disk : snapshot.disks) {
        if (!disk.error.empty()) fmt::print(stderr, "bderescue: could not look at {}: {}\n", disk.path, disk.error);
        for (const auto& note : disk.notes) fmt::print(stderr, "bderescue: {}\n", note);
    }
}

int run_scan(const ScanArgs& args) {
    Snapshot snapshot;
    std::vector<Error> errors;
    if (args.paths.empty()) {
        snapshot = discovery::scan_machine();
        bool none_readable = std::all_of(snapshot.disks.begin(), snapshot.disks.end(),
                                         [](const Disk& d) { return !d.error.empty(); });
        if (none_readable && !snapshot.disks.empty()) {
            // "No BitLocker volume" would be wrong: nothing could be looked at.
            std::string message = geteuid() != 0
                ? "Looking at the disks needs administrator rights: run `sudo bderescue scan`."
                : fmt::format("No disk could be read ({} found), so no BitLocker volume can be found.", snapshot.disks.size());
            return report_error({Errc::io, message, snapshot.disks.front().error}, args.json);
        }
    } else {
        for (const auto& path : args.paths) {
            auto disk = discovery::scan_path(path);
            if (disk) snapshot.disks.push_back(std::move(*disk));
            else errors.push_back(disk.error());
        }
    }
    auto volumes = discovery::bitlocker_volumes(snapshot);

    if (args.json) {
        nlohmann::json j = {{"volumes", nlohmann::json::array()}};
        for (auto ref : volumes) j["volumes"].push_back(discovery::volume_json(snapshot.disk_of(ref), snapshot.partition_of(ref)));
        if (args.all) {
            j["disks"] = nlohmann::json::array();
            for (const Disk& disk : snapshot.disks) j["disks"].push_back(discovery::disk_json(disk));
        }
        if (!errors.empty()) {
            j["errors"] = nlohmann::json::array();
            for (const auto& e : errors) j["errors"].push_back({{"code", errc_name(e.code)}, {"message", e.message}});
        }
        print_json(j);
    } else {
        for (const auto& e : errors) fmt::print(stderr, "bderescue: {}\n", e.message);
        print_problems(snapshot);
        if (!volumes.empty()) print_volumes(snapshot, volumes);
        else if (!snapshot.disks.empty())
            fmt::print("No BitLocker volume found on {} {}{}.\n", snapshot.disks.size(),
                       args.paths.empty() ? "disk" : "image", snapshot.disks.size() == 1 ? "" : "s");
        else if (args.paths.empty())
            fmt::print("No disk found on this machine. Is the drive connected (and powered)?\n");
        if (args.all) print_disks(snapshot);
        else if (volumes.empty() && !snapshot.disks.empty())
            fmt::print("Run `bderescue scan --all` to see every disk and partition.\n");
    }
    if (!errors.empty()) return exit_code_for(errors.front().code);
    return volumes.empty() ? exit_code_for(Errc::not_bitlocker) : 0;
}

RegisterCommand reg(10, [](CLI::App& app, GlobalOptions&, Runner& runner) {
    auto args = std::make_shared<ScanArgs>();
    auto* scan = app.add_subcommand("scan", "Find BitLocker volumes on this machine's disks or in image files");
    scan->add_option("IMAGE", args->paths,
                     "Image files (a whole disk or one volume) or devices to look at instead of every disk");
    scan->add_flag("--json", args->json, "Machine-readable output");
    scan->add_flag("--all", args->all, "Also list every disk and partition that is not BitLocker");
    scan->callback([&runner, args] { runner = [args] { return run_scan(*args); }; });
});

}  // namespace
}  // namespace bde::cli
