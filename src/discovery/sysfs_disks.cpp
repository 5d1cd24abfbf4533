#include "discovery/sysfs_disks.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iterator>

#include "util/ascii_case.hpp"

namespace bde::discovery {
namespace fs = std::filesystem;
namespace {

std::string trim(std::string s) {
    auto is_blank = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\0'; };
    while (!s.empty() && is_blank(s.back())) s.pop_back();
    std::size_t first = 0;
    while (first < s.size() && is_blank(s[first])) ++first;
    return s.substr(first);
}

std::optional<std::string> read_raw(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    // Some sysfs attributes fail on read (vpd_pg80 on virtual disks: ENXIO); libstdc++'s filebuf throws then,
    // and an attribute we cannot read must not end the program.
    try {
        return std::string(std::istreambuf_iterator<char>(in), {});
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string read_text(const fs::path& p) { return trim(read_raw(p).value_or("")); }

std::uint64_t read_number(const fs::path& p) {
    std::string s = read_text(p);
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') break;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

bool starts_with_any(std::string_view name, std::initializer_list<std::string_view> prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return name.starts_with(p); });
}

bool dir_is_empty(const fs::path& p) {
    std::error_code ec;
    return !fs::exists(p, ec) || fs::is_empty(p, ec);
}

// Collapses runs of spaces: vendors pad their strings ("SanDisk " + "Ultra  Fit").
std::string squeeze(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ' || (!out.empty() && out.back() != ' ')) out.push_back(c);
    return trim(out);
}

}  // namespace

std::string disk_model_name(std::string_view vendor_raw, std::string_view model_raw) {
    std::string vendor = squeeze(std::string(vendor_raw)), model = squeeze(std::string(model_raw));
    if (vendor.starts_with("0x") || vendor == "ATA") vendor.clear();  // PCI ids and libata's placeholder
    bool repeated = !vendor.empty() && model.size() >= vendor.size() &&
                    iequals(std::string_view(model).substr(0, vendor.size()), vendor) &&
                    (model.size() == vendor.size() || model[vendor.size()] == ' ');
    return vendor.empty() || repeated ? model : squeeze(vendor + " " + model);
}

namespace {

std::string describe_model(const fs::path& block, const std::string& name, const std::string& transport) {
    if (transport == "loop") {
        std::string file = read_text(block / "loop/backing_file");
        return file.empty() ? "Loop device" : fmt::format("Loop device ({})", file);
    }
    if (transport == "dm") return fmt::format("Device mapper {}", read_text(block / "dm/name"));
    if (transport == "md") return fmt::format("Software RAID {}", read_text(block / "md/level"));
    std::string model = read_text(block / "device/model");
    if (model.empty()) model = read_text(block / "device/name");  // MMC / SD cards
    std::string full = disk_model_name(read_text(block / "device/vendor"), model);
    if (!full.empty()) return full;
    if (transport == "virtio") return "Virtio disk";
    return fmt::format("Disk {}", name);
}

// USB drives often give their serial only on the USB device, a few levels above the SCSI disk.
std::string usb_serial(const fs::path& block) {
    std::error_code ec;
    fs::path p = fs::canonical(block / "device", ec);
    for (int level = 0; !ec && level < 8 && p.has_parent_path(); ++level) {
        if (fs::exists(p / "idVendor", ec)) return read_text(p / "serial");
        p = p.parent_path();
    }
    return {};
}

std::string describe_serial(const fs::path& block, const std::string& transport) {
    for (const char* file : {"serial", "device/serial"})
        if (std::string s = read_text(block / file); !s.empty()) return s;
    if (auto raw = read_raw(block / "device/vpd_pg80")) {
        if (std::string s = serial_from_vpd_page80(*raw); !s.empty()) return s;
    }
    if (transport == "usb")
        if (std::string s = usb_serial(block); !s.empty()) return s;
    return read_text(block / "device/wwid");
}

std::vector<SysfsPartition> read_partitions(const fs::path& block) {
    std::vector<SysfsPartition> parts;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(block, ec)) {
        const fs::path& p = entry.path();
        if (!fs::exists(p / "partition", ec)) continue;
        SysfsPartition part;
        part.name = p.filename().string();
        part.number = static_cast<int>(read_number(p / "partition"));
        part.offset = read_number(p / "start") * 512;  // sysfs counts 512-byte units on every disk
        part.size = read_number(p / "size") * 512;
        part.dev = read_text(p / "dev");
        parts.push_back(std::move(part));
    }
    std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    return parts;
}

bool worth_scanning(const fs::path& block, const SysfsDisk& disk) {
    if (starts_with_any(disk.name, {"ram", "zram"})) return false;
    if (disk.transport == "loop" && read_text(block / "loop/backing_file").empty()) return false;
    if (disk.transport == "dm" && dir_is_empty(block / "slaves")) return false;
    if (read_number(block / "hidden") != 0) return false;  // an NVMe multipath leg; its head is listed
    return disk.size > 0;                                   // 0: no medium in the reader
}

}  // namespace

std::string transport_from_device_path(std::string_view name, std::string_view path) {
    if (name.starts_with("loop")) return "loop";
    if (name.starts_with("md")) return "md";
    if (name.starts_with("dm-")) return "dm";
    auto has = [&](std::string_view part) { return path.find(part) != std::string_view::npos; };
    if (has("/usb")) return "usb";  // before the others: USB enclosures hold SATA and NVMe drives too
    if (has("/nvme") || name.starts_with("nvme")) return "nvme";
    if (has("/mmc_host/") || name.starts_with("mmcblk")) return "mmc";
    if (has("/ata")) return "sata";
    if (has("/virtio")) return "virtio";
    if (has("/host")) return "scsi";
    return "other";
}

std::string serial_from_vpd_page80(std::string_view raw) {
    if (raw.size() < 4 || static_cast<unsigned char>(raw[1]) != 0x80) return {};
    std::size_t length = (static_cast<unsigned char>(raw[2]) << 8) | static_cast<unsigned char>(raw[3]);
    return trim(std::string(raw.substr(4, length)));
}

std::optional<SysfsDisk> read_sysfs_disk(const std::string& name, const std::string& sysfs_root) {
    fs::path block = fs::path(sysfs_root) / "block" / name;
    std::error_code ec;
    if (!fs::exists(block / "dev", ec)) return std::nullopt;
    SysfsDisk d;
    d.name = name;
    d.dev = read_text(block / "dev");
    d.transport = transport_from_device_path(name, fs::canonical(block, ec).string());
    d.size = read_number(block / "size") * 512;
    d.logical_sector_size = static_cast<std::uint32_t>(read_number(block / "queue/logical_block_size"));
    if (d.logical_sector_size == 0) d.logical_sector_size = 512;
    d.read_only = read_number(block / "ro") != 0;
    d.removable = read_number(block / "removable") != 0 || d.transport == "usb" ||
                  (d.transport == "mmc" && read_text(block / "device/type") == "SD");
    d.model = describe_model(block, name, d.transport);
    d.serial = describe_serial(block, d.transport);
    d.partitions = read_partitions(block);
    return d;
}

std::vector<SysfsDisk> list_sysfs_disks(const std::string& sysfs_root) {
    std::vector<SysfsDisk> disks;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(sysfs_root) / "block", ec)) {
        auto disk = read_sysfs_disk(entry.path().filename().string(), sysfs_root);
        if (disk && worth_scanning(entry.path(), *disk)) disks.push_back(std::move(*disk));
    }
    std::sort(disks.begin(), disks.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return disks;
}

std::optional<SysfsName> sysfs_name_of(unsigned major, unsigned minor, const std::string& sysfs_root) {
    std::error_code ec;
    fs::path p = fs::canonical(fs::path(sysfs_root) / "dev/block" / fmt::format("{}:{}", major, minor), ec);
    if (ec) return std::nullopt;
    if (fs::exists(p / "partition", ec)) return SysfsName{p.parent_path().filename().string(), p.filename().string()};
    return SysfsName{p.filename().string(), {}};
}

}  // namespace bde::discovery
