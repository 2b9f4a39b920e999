// Parses JSON text into a json::Value with simdjson, enforcing a nesting limit.
#pragma once

#include <string_view>

#include "common/status.h"
#include "json/value.h"

namespace lienthong::json {

struct ParseOptions {
  int max_depth = 64;  // objects and arrays nested deeper than this are rejected
};

// On success the tree; on malformed input, over-deep nesting, duplicate keys
// or invalid UTF-8, Status kInvalid with a message that says where.
Result<Value> Parse(std::string_view text, const ParseOptions& options = {});

// The name of the simdjson kernel the parser was compiled for ("westmere",
// "haswell", ... or "fallback", the slow scalar one).
std::string_view ParserKernel();

}  // namespace lienthong::json
