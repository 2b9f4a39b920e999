// UTF-8 encoding of a Unicode code point, shared by the FHIRPath lexer
// (\u escapes), its case mapping and the tests' XML reader.
#pragma once

#include <cstdint>
#include <string>

namespace lienthong {

// Appends `cp` (at most U+10FFFF) as UTF-8.
void AppendUtf8(uint32_t cp, std::string& out);

}  // namespace lienthong
