#pragma once
// Case-insensitive handling of ASCII letters only, the way Windows compares names and hex IDs: bytes of UTF-8
// sequences are left as they are, whatever the locale.
#include <string>
#include <string_view>

namespace bde {

bool iequals(std::string_view a, std::string_view b);
std::string ascii_lower(std::string_view s);

}  // namespace bde
