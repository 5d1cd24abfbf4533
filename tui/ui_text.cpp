#include "ui_text.hpp"

#include <fmt/format.h>

namespace bde::tui {

char32_t next_code_point(std::string_view s, std::size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len; ++k) {
        auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

int code_point_width(char32_t cp) {
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    // East Asian wide and full-width ranges (file names from Windows can carry them).
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF) ||
        (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

int display_width(std::string_view text) {
    int w = 0;
    for (std::size_t i = 0; i < text.size();) w += code_point_width(next_code_point(text, i));
    return w;
}

std::string fit(std::string_view text, int width, std::string_view ellipsis) {
    if (width <= 0) return {};
    if (display_width(text) <= width) return std::string(text);
    int room = width - display_width(ellipsis);
    if (room < 0) return std::string(ellipsis.substr(0, static_cast<std::size_t>(width)));
    std::string out;
    int used = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t start = i;
        int w = code_point_width(next_code_point(text, i));
        if (used + w > room) break;
        out.append(text.substr(start, i - start));
        used += w;
    }
    return out + std::string(ellipsis);
}

std::string fit_left(std::string_view text, int width, std::string_view ellipsis) {
    if (width <= 0) return {};
    if (display_width(text) <= width) return std::string(text);
    int room = width - display_width(ellipsis);
    if (room < 0) return std::string(ellipsis.substr(0, static_cast<std::size_t>(width)));
    // Walk code points from the start, keeping the shortest suffix that fits.
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < text.size();) {
        starts.push_back(i);
        next_code_point(text, i);
    }
    std::size_t keep_from = text.size();
    int used = 0;
    for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
        std::size_t j = *it;
        int w = code_point_width(next_code_point(text, j));
        if (used + w > room) break;
        used += w;
        keep_from = *it;
    }
    return std::string(ellipsis) + std::string(text.substr(keep_from));
}

std::string pad(std::string_view text, int width) {
    std::string out = fit(text, width, "");
    int w = display_width(out);
    if (w < width) out.append(static_cast<std::size_t>(width - w), ' ');
    return out;
}

std::vector<std::string> wrap(std::string_view text, int width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '\n') {
            lines.push_back(line);
            line.clear();
            ++i;
            continue;
        }
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t end = text.find_first_of(" \n", i);
        if (end == std::string_view::npos) end = text.size();
        std::string word(text.substr(i, end - i));
        i = end;
        int need = display_width(line) + (line.empty() ? 0 : 1) + display_width(word);
        if (!line.empty() && need > width) {
            lines.push_back(line);
            line.clear();
        }
        if (!line.empty()) line += ' ';
        line += word;
        // A word longer than a line (a path, a file name) is broken, not cut: its end matters too.
        while (width > 0 && display_width(line) > width) {
            std::string head = fit(line, width, "");
            if (head.empty()) break;  // one character wider than the line
            lines.push_back(head);
            line.erase(0, head.size());
        }
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
}

std::string format_bytes(std::uint64_t bytes) {
    static constexpr const char* units[] = {"kB", "MB", "GB", "TB", "PB"};
    if (bytes < 1000) return fmt::format("{} {}", bytes, bytes == 1 ? "byte" : "bytes");
    double v = static_cast<double>(bytes);
    int u = -1;
    while (v >= 999.95 && u < 4) {
        v /= 1000.0;
        ++u;
    }
    return fmt::format("{:.1f} {}", v, units[u]);
}

std::string format_bytes_dual(std::uint64_t bytes) {
    static constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    if (bytes < 1024) return format_bytes(bytes);
    double v = static_cast<double>(bytes);
    int u = -1;
    while (v >= 1023.95 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    return fmt::format("{} ({:.1f} {})", format_bytes(bytes), v, units[u]);
}

std::string format_rate(double bytes_per_second) {
    if (bytes_per_second < 0) bytes_per_second = 0;
    return format_bytes(static_cast<std::uint64_t>(bytes_per_second)) + "/s";
}

std::string format_duration(std::uint64_t s) {
    if (s < 60) return fmt::format("{} s", s);
    if (s < 3600) return fmt::format("{} min {:02} s", s / 60, s % 60);
    return fmt::format("{} h {:02} min", s / 3600, (s % 3600) / 60);
}

std::string format_count(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
    return format_count(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace bde::tui
