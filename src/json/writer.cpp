#include "json/writer.h"

namespace lienthong::json {
namespace {

void Indent(std::string& out, int depth) {
  out.push_back('\n');
  out.append(static_cast<size_t>(depth) * 2, ' ');
}

void WriteValue(const Value& v, std::string& out, bool pretty, int depth) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      out += "null";
      return;
    case Value::Kind::kBool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Value::Kind::kNumber:
      out += v.text();
      return;
    case Value::Kind::kString:
      AppendQuoted(v.text(), out);
      return;
    case Value::Kind::kArray: {
      out.push_back('[');
      bool first = true;
      for (const Value::Member& m : v.members()) {
        if (!first) out.push_back(',');
        first = false;
        if (pretty) Indent(out, depth + 1);
        WriteValue(m.value, out, pretty, depth + 1);
      }
      if (pretty && !v.empty()) Indent(out, depth);
      out.push_back(']');
      return;
    }
    case Value::Kind::kObject: {
      out.push_back('{');
      bool first = true;
      for (const Value::Member& m : v.members()) {
        if (!first) out.push_back(',');
        first = false;
        if (pretty) Indent(out, depth + 1);
        AppendQuoted(m.key, out);
        out.push_back(':');
        if (pretty) out.push_back(' ');
        WriteValue(m.value, out, pretty, depth + 1);
      }
      if (pretty && !v.empty()) Indent(out, depth);
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

void AppendQuoted(std::string_view s, std::string& out) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
  }
  out.append(s.data() + start, s.size() - start);
  out.push_back('"');
}

void WriteTo(const Value& value, std::string& out, const WriteOptions& options) {
  WriteValue(value, out, options.pretty, 0);
}

std::string Write(const Value& value, const WriteOptions& options) {
  std::string out;
  out.reserve(1024);
  WriteTo(value, out, options);
  return out;
}

}  // namespace lienthong::json
