#include "imaging/mapfile.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "io/atomic_file.hpp"

namespace bde {

bool is_map_status(char c) { return c == '?' || c == '*' || c == '/' || c == '-' || c == '+'; }

Mapfile::Mapfile(std::uint64_t size) : size_(size) {
    if (size) blocks_.push_back({0, size, MapStatus::non_tried});
}

namespace {

// ddrescue writes hex with 0x; decimal and octal are also valid ("strtoull base 0").
bool parse_number(std::string_view word, std::uint64_t& out) {
    if (word.empty()) return false;
    std::string s(word);
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s.c_str(), &end, 0);
    if (errno || end != s.c_str() + s.size() || s[0] == '-') return false;
    out = v;
    return true;
}

std::vector<std::string_view> words_of(std::string_view line) {
    std::vector<std::string_view> w;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
        if (j > i) w.push_back(line.substr(i, j - i));
        i = j;
    }
    return w;
}

}  // namespace

Result<Mapfile> Mapfile::parse(std::string_view text, std::uint64_t size) {
    Mapfile map(size);
    bool have_status_line = false;
    int line_no = 0;
    std::uint64_t expected_pos = 0;
    auto bad = [&](const std::string& why) {
        return fail(Errc::corrupt,
                    fmt::format("The mapfile is damaged (line {}: {}). Move it away to start the image again.",
                                line_no, why));
    };
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_no;
        auto w = words_of(line);
        if (w.empty() || w[0].front() == '#') continue;
        if (!have_status_line) {
            if (w.size() < 2 || !parse_number(w[0], map.current_pos) || w[1].size() != 1)
                return bad("expected the current position and status");
            map.current_status = w[1][0];
            if (w.size() >= 3) {
                std::uint64_t pass = 1;
                if (parse_number(w[2], pass)) map.current_pass = static_cast<int>(pass);
            }
            have_status_line = true;
            continue;
        }
        std::uint64_t pos = 0, len = 0;
        if (w.size() < 3 || !parse_number(w[0], pos) || !parse_number(w[1], len) || w[2].size() != 1 ||
            !is_map_status(w[2][0]))
            return bad("expected position, size and status");
        if (pos != expected_pos) return bad("blocks overlap or are out of order");
        if (len == 0) continue;
        if (pos + len > size)
            return fail(Errc::usage, fmt::format("The mapfile describes {} bytes but the source has only {}: it "
                                                 "belongs to another volume. Use another mapfile name.",
                                                 pos + len, size));
        map.set(pos, len, static_cast<MapStatus>(w[2][0]));
        expected_pos = pos + len;
    }
    return map;
}

Result<Mapfile> Mapfile::load(const std::string& path, std::uint64_t size) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (errno == ENOENT) return Mapfile(size);
        return fail(Errc::io, fmt::format("Cannot read the mapfile {}.", path), std::strerror(errno));
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), size);
}

void Mapfile::set(std::uint64_t pos, std::uint64_t len, MapStatus status) {
    if (pos >= size_) return;
    len = std::min(len, size_ - pos);
    if (len == 0) return;
    std::uint64_t end = pos + len;
    std::vector<MapBlock> out;
    out.reserve(blocks_.size() + 2);
    auto push = [&](MapBlock b) {
        if (b.size == 0) return;
        if (!out.empty() && out.back().status == b.status && out.back().pos + out.back().size == b.pos)
            out.back().size += b.size;
        else
            out.push_back(b);
    };
    bool inserted = false;
    for (const auto& b : blocks_) {
        std::uint64_t bend = b.pos + b.size;
        if (bend <= pos || b.pos >= end) {
            if (b.pos >= end && !inserted) {
                push({pos, len, status});
                inserted = true;
            }
            push(b);
            continue;
        }
        if (b.pos < pos) push({b.pos, pos - b.pos, b.status});
        if (!inserted) {
            push({pos, len, status});
            inserted = true;
        }
        if (bend > end) push({end, bend - end, b.status});
    }
    if (!inserted) push({pos, len, status});
    blocks_ = std::move(out);
}

std::uint64_t Mapfile::bytes_with(MapStatus status) const {
    std::uint64_t n = 0;
    for (const auto& b : blocks_)
        if (b.status == status) n += b.size;
    return n;
}

std::vector<MapBlock> Mapfile::blocks_with(MapStatus status) const {
    std::vector<MapBlock> v;
    for (const auto& b : blocks_)
        if (b.status == status) v.push_back(b);
    return v;
}

std::string Mapfile::serialize(std::string_view command_line) const {
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char stamp[64] = "";
    std::tm tm{};
    if (localtime_r(&now, &tm)) std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    std::string s = "# Mapfile. Created by bderescue " BDERESCUE_VERSION " (GNU ddrescue mapfile format)\n";
    if (!command_line.empty()) s += fmt::format("# Command line: {}\n", command_line);
    s += fmt::format("# Current time: {}\n", stamp);
    if (current_status == '+') s += "# Finished\n";
    s += "# current_pos  current_status  current_pass\n";
    s += fmt::format("0x{:08X}     {}               {}\n", current_pos, current_status, current_pass);
    s += "#      pos        size  status\n";
    for (const auto& b : blocks_) s += fmt::format("0x{:08X}  0x{:08X}  {}\n", b.pos, b.size, static_cast<char>(b.status));
    return s;
}

Result<void> Mapfile::save(const std::string& path, std::string_view command_line) const {
    return write_file_atomically(path, serialize(command_line));
}

}  // namespace bde
