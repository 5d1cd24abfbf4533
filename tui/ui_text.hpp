#pragma once
// Text helpers the views share: display widths of UTF-8 text, fitting text into columns, wrapping,
// and the numbers people read on screen (sizes in GB and GiB, rates, durations, counts).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bde::tui {

// Decodes one UTF-8 code point at s[i] and advances i (invalid bytes decode as U+FFFD).
char32_t next_code_point(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);
// Terminal columns a code point takes: 0 (combining, control), 1, or 2 (East Asian wide).
int code_point_width(char32_t cp);
int display_width(std::string_view text);

// Cuts text to at most `width` columns, ending in `ellipsis` when something was cut.
std::string fit(std::string_view text, int width, std::string_view ellipsis = "...");
// Like fit() but keeps the end (for paths: the file name matters most).
std::string fit_left(std::string_view text, int width, std::string_view ellipsis = "...");
// Pads with spaces (or cuts) to exactly `width` columns.
std::string pad(std::string_view text, int width);
// Word-wraps to lines of at most `width` columns; words longer than a line are cut.
std::vector<std::string> wrap(std::string_view text, int width);

std::string format_bytes(std::uint64_t bytes);       // "45.6 GB", "512 bytes" (decimal units, as on drive labels)
std::string format_bytes_dual(std::uint64_t bytes);  // "256.1 GB (238.5 GiB)"
std::string format_rate(double bytes_per_second);    // "85.2 MB/s"
std::string format_duration(std::uint64_t seconds);  // "1 h 05 min", "4 min 10 s", "12 s"
std::string format_count(std::uint64_t n);           // "12,345"
std::string plural(std::uint64_t n, std::string_view one, std::string_view many);  // "1 file", "3 files"

}  // namespace bde::tui
