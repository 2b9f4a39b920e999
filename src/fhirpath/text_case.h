// Upper- and lower-casing of UTF-8 text with the full Unicode case mapping
// (glibc's C.UTF-8 locale), so that upper() of "nguyễn văn đức" is
// "NGUYỄN VĂN ĐỨC" and `~` compares Vietnamese names without regard to case.
#pragma once

#include <string>
#include <string_view>

namespace lienthong::fhirpath {

// Invalid UTF-8 bytes pass through unchanged.
std::string ToUpperCase(std::string_view text);
std::string ToLowerCase(std::string_view text);

}  // namespace lienthong::fhirpath
