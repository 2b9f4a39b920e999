#include "json/parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <unordered_set>

namespace lienthong::json {
namespace {

namespace od = simdjson::ondemand;

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  auto digit = [&](size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
  if (i < n && s[i] == '-') ++i;
  if (!digit(i)) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == n;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

class Builder {
 public:
  explicit Builder(const ParseOptions& options) : options_(options) {}

  Status Build(od::value val, Value& out, int depth) {
    od::json_type type;
    if (auto err = val.type().get(type)) return Error(err);
    switch (type) {
      case od::json_type::object: {
        if (depth >= options_.max_depth) return TooDeep();
        od::object obj;
        if (auto err = val.get_object().get(obj)) return Error(err);
        out = Value::Object();
        for (auto field : obj) {
          std::string_view key;
          if (auto err = field.unescaped_key().get(key)) return Error(err);
          std::string key_copy(key);
          if (IsDuplicate(out, key_copy)) {
            return Status::Invalid(fmt::format("duplicate JSON property \"{}\"", key_copy));
          }
          Value child;
          od::value child_val;
          if (auto err = field.value().get(child_val)) return Error(err);
          LT_RETURN_IF_ERROR(Build(child_val, child, depth + 1));
          out.members().push_back(Value::Member{std::move(key_copy), std::move(child)});
        }
        return Status::Ok();
      }
      case od::json_type::array: {
        if (depth >= options_.max_depth) return TooDeep();
        od::array arr;
        if (auto err = val.get_array().get(arr)) return Error(err);
        out = Value::Array();
        for (auto element : arr) {
          od::value child_val;
          if (auto err = element.get(child_val)) return Error(err);
          Value child;
          LT_RETURN_IF_ERROR(Build(child_val, child, depth + 1));
          out.push_back(std::move(child));
        }
        return Status::Ok();
      }
      case od::json_type::string: {
        std::string_view s;
        if (auto err = val.get_string().get(s)) return Error(err);
        out = Value::String(std::string(s));
        return Status::Ok();
      }
      case od::json_type::number: {
        std::string_view raw = TrimRight(val.raw_json_token());
        if (!IsJsonNumber(raw)) return Status::Invalid(fmt::format("invalid JSON number"));
        out = Value::Number(std::string(raw));
        return Status::Ok();
      }
      case od::json_type::boolean: {
        bool b = false;
        if (auto err = val.get_bool().get(b)) return Error(err);
        out = Value::Bool(b);
        return Status::Ok();
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto err = val.is_null().get(is_null)) return Error(err);
        if (!is_null) return Status::Invalid("invalid JSON literal");
        out = Value::Null();
        return Status::Ok();
      }
    }
    return Status::Invalid("invalid JSON value");
  }

 private:
  static bool IsDuplicate(const Value& obj, const std::string& key) {
    for (const Value::Member& m : obj.members()) {
      if (m.key == key) return true;
    }
    return false;
  }

  Status TooDeep() const {
    return Status(ErrorCode::kInvalid,
                  fmt::format("JSON nesting deeper than the limit of {}", options_.max_depth));
  }

  static Status Error(simdjson::error_code err) {
    return Status::Invalid(fmt::format("malformed JSON: {}", simdjson::error_message(err)));
  }

  const ParseOptions& options_;
};

}  // namespace

std::string_view ParserKernel() {
  // The kernel this file was compiled with (builtin_implementation() would
  // name the shared library's own, compiled for any x86-64).
  return SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION);
}

Result<Value> Parse(std::string_view text, const ParseOptions& options) {
  // One parser per thread: simdjson parsers are reusable but not thread-safe.
  thread_local od::parser parser;
  simdjson::padded_string padded(text);
  od::document doc;
  if (auto err = parser.iterate(padded).get(doc)) {
    return Status::Invalid(fmt::format("malformed JSON: {}", simdjson::error_message(err)));
  }
  Builder builder(options);
  Value out;
  bool scalar = false;
  if (auto err = doc.is_scalar().get(scalar)) {
    return Status::Invalid(fmt::format("malformed JSON: {}", simdjson::error_message(err)));
  }
  if (scalar) {
    // Scalars at the root cannot be visited as od::value; FHIR never sends them.
    return Status::Invalid("JSON document must be an object or an array");
  }
  od::value root;
  if (auto err = doc.get_value().get(root)) {
    return Status::Invalid(fmt::format("malformed JSON: {}", simdjson::error_message(err)));
  }
  LT_RETURN_IF_ERROR(builder.Build(root, out, 0));
  // current_location() fails with OUT_OF_BOUNDS exactly when nothing follows.
  if (!doc.current_location().error()) {
    return Status::Invalid("malformed JSON: trailing content after the document");
  }
  return out;
}

}  // namespace lienthong::json
