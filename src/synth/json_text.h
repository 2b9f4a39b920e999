// A minimal streaming JSON writer into a std::string: the generator writes
// resources as text directly (no tree), which is what makes it fast. The
// caller keeps objects and arrays balanced; commas are placed here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lienthong::synth {

class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out) {}

  JsonText& BeginObject();
  JsonText& EndObject();
  JsonText& BeginArray();
  JsonText& EndArray();
  // Object member name; the next call writes its value.
  JsonText& Key(std::string_view key);
  JsonText& String(std::string_view s);
  JsonText& Int(int64_t n);
  // A JSON number written as given (e.g. a decimal "36.8").
  JsonText& Number(std::string_view literal);
  JsonText& Bool(bool b);

  // Shorthands for "key": value.
  JsonText& Field(std::string_view key, std::string_view s) { return Key(key).String(s); }
  JsonText& FieldInt(std::string_view key, int64_t n) { return Key(key).Int(n); }

 private:
  void BeforeValue();

  std::string& out_;
  uint64_t has_items_ = 0;  // bit d: the container at depth d has an item
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace lienthong::synth
