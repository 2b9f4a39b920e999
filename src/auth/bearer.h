// Reading a bearer token out of an Authorization header (RFC 6750 section
// 2.1): "Bearer" (any case), one or more spaces, then a token68. This is the
// first thing that touches an untrusted credential, so it is small, bounded
// and fuzzed (tests/auth/fuzz/).
#pragma once

#include <optional>
#include <string_view>

namespace lienthong::auth {

enum class BearerParse { kAbsent, kMalformed, kOk };

// kAbsent for an empty header; kMalformed for another scheme, a missing or
// over-long token, or characters outside token68; kOk with `token` set
// (a view into `header`).
BearerParse ParseBearer(std::string_view header, std::string_view* token);

}  // namespace lienthong::auth
