#include "discovery/rescue_stick.hpp"

#include <fstream>
#include <iterator>

#include "util/ascii_case.hpp"

namespace bde::discovery {

std::string rescue_stick_uuid(std::string_view cmdline) {
    constexpr std::string_view key = "bderescue.system=";
    std::size_t pos = 0;
    while (pos < cmdline.size()) {
        std::size_t end = cmdline.find_first_of(" \t\n", pos);
        if (end == std::string_view::npos) end = cmdline.size();
        std::string_view word = cmdline.substr(pos, end - pos);
        if (word.starts_with(key)) return std::string(word.substr(key.size()));
        pos = end + 1;
    }
    return {};
}

void mark_rescue_stick(Snapshot& snapshot, const std::string& uuid) {
    if (uuid.empty()) return;
    for (auto& disk : snapshot.disks)
        for (const auto& p : disk.partitions)
            if (iequals(p.fs_uuid, uuid)) disk.is_rescue_stick = true;
}

void mark_rescue_stick(Snapshot& snapshot) {
    std::ifstream in("/proc/cmdline");
    std::string cmdline{std::istreambuf_iterator<char>(in), {}};
    mark_rescue_stick(snapshot, rescue_stick_uuid(cmdline));
}

}  // namespace bde::discovery
