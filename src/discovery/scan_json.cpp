#include "discovery/scan_json.hpp"

namespace bde::discovery {
namespace {

template <typename T>
nlohmann::json optional_json(const std::optional<T>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json text_or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace

nlohmann::json volume_info_json(const VolumeInfo& info) {
    nlohmann::json protectors = nlohmann::json::array();
    for (const auto& p : info.protectors) protectors.push_back({{"type", protector_name(p.type)}, {"key_id", p.key_id.str()}});
    return {
        {"kind", kind_name(info.kind)},
        {"state", state_name(info.state)},
        {"method", method_name(info.method)},
        {"description", info.description},
        {"volume_id", info.volume_id.str()},
        {"protectors", protectors},
    };
}

nlohmann::json volume_json(const Disk& disk, const Partition& partition) {
    nlohmann::json j = {
        {"device", partition.path},
        {"offset", partition.path_offset},
        {"size", partition.size},
        {"partition", partition.number},
        {"kind", nullptr},
        {"state", nullptr},
        {"method", nullptr},
        {"description", nullptr},
        {"volume_id", nullptr},
        {"protectors", nlohmann::json::array()},
        {"advice", nlohmann::json::array()},
        {"disk", {{"path", disk.path}, {"model", disk.model}, {"serial", disk.serial}, {"transport", disk.transport}}},
    };
    if (partition.bitlocker) {
        j.update(volume_info_json(*partition.bitlocker));
        j["advice"] = offline_advice(*partition.bitlocker);
    } else {
        j["error"] = partition.bitlocker_error;
    }
    return j;
}

nlohmann::json disk_json(const Disk& disk) {
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& p : disk.partitions) {
        parts.push_back({
            {"number", p.number},
            {"device", p.path},
            {"offset", p.path_offset},
            {"disk_offset", p.offset},
            {"size", p.size},
            {"type", text_or_null(p.type)},
            {"type_name", text_or_null(p.type_name)},
            {"label", text_or_null(p.label)},
            {"fs_type", text_or_null(p.fs_type)},
            {"fs_label", text_or_null(p.fs_label)},
            {"fs_uuid", text_or_null(p.fs_uuid)},
            {"mountpoint", text_or_null(p.mountpoint)},
            {"fs_size", optional_json(p.fs_size)},
            {"free_bytes", optional_json(p.free_bytes)},
            {"bitlocker", p.is_bitlocker},
        });
    }
    return {
        {"path", disk.path},
        {"model", disk.model},
        {"serial", text_or_null(disk.serial)},
        {"size", disk.size},
        {"logical_sector_size", disk.logical_sector_size},
        {"transport", disk.transport},
        {"removable", disk.removable},
        {"read_only", disk.read_only},
        {"rescue_stick", disk.is_rescue_stick},
        {"partition_table", text_or_null(disk.partition_table)},
        {"error", text_or_null(disk.error)},
        {"notes", disk.notes},
        {"partitions", parts},
    };
}

}  // namespace bde::discovery
