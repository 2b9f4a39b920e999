#include "synth/json_text.h"

#include "json/writer.h"

namespace lienthong::synth {

void JsonText::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ > 0) {
    const uint64_t bit = 1ULL << (depth_ - 1);
    if (has_items_ & bit) out_ += ',';
    has_items_ |= bit;
  }
}

JsonText& JsonText::BeginObject() {
  BeforeValue();
  out_ += '{';
  ++depth_;
  has_items_ &= ~(1ULL << (depth_ - 1));
  return *this;
}

JsonText& JsonText::EndObject() {
  out_ += '}';
  --depth_;
  return *this;
}

JsonText& JsonText::BeginArray() {
  BeforeValue();
  out_ += '[';
  ++depth_;
  has_items_ &= ~(1ULL << (depth_ - 1));
  return *this;
}

JsonText& JsonText::EndArray() {
  out_ += ']';
  --depth_;
  return *this;
}

JsonText& JsonText::Key(std::string_view key) {
  BeforeValue();
  json::AppendQuoted(key, out_);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonText& JsonText::String(std::string_view s) {
  BeforeValue();
  json::AppendQuoted(s, out_);
  return *this;
}

JsonText& JsonText::Int(int64_t n) {
  BeforeValue();
  out_ += std::to_string(n);
  return *this;
}

JsonText& JsonText::Number(std::string_view literal) {
  BeforeValue();
  out_ += literal;
  return *this;
}

JsonText& JsonText::Bool(bool b) {
  BeforeValue();
  out_ += b ? "true" : "false";
  return *this;
}

}  // namespace lienthong::synth
