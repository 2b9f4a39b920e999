// Serialises a json::Value to JSON text.
#pragma once

#include <string>

#include "json/value.h"

namespace lienthong::json {

struct WriteOptions {
  bool pretty = false;  // two-space indentation and newlines
};

std::string Write(const Value& value, const WriteOptions& options = {});
void WriteTo(const Value& value, std::string& out, const WriteOptions& options = {});
// Appends s as a JSON string literal (with quotes and escapes) to out.
void AppendQuoted(std::string_view s, std::string& out);

}  // namespace lienthong::json
