#include "json/value.h"

#include <cstdlib>

namespace lienthong::json {

Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

Value Value::Number(std::string literal) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.text_ = std::move(literal);
  return v;
}

Value Value::Number(int64_t n) { return Number(std::to_string(n)); }

Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.text_ = std::move(s);
  return v;
}

Value Value::Array() {
  Value v;
  v.kind_ = Kind::kArray;
  return v;
}

Value Value::Object() {
  Value v;
  v.kind_ = Kind::kObject;
  return v;
}

const Value& Value::at(size_t i) const { return children_[i].value; }
Value& Value::at(size_t i) { return children_[i].value; }

void Value::push_back(Value v) { children_.push_back(Member{std::string(), std::move(v)}); }

const Value* Value::find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (const Member& m : children_) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->find(key));
}

Value& Value::set(std::string_view key, Value v) {
  if (Value* existing = find(key)) {
    *existing = std::move(v);
    return *existing;
  }
  children_.push_back(Member{std::string(key), std::move(v)});
  return children_.back().value;
}

bool Value::erase(std::string_view key) {
  for (auto it = children_.begin(); it != children_.end(); ++it) {
    if (it->key == key) {
      children_.erase(it);
      return true;
    }
  }
  return false;
}

std::string_view Value::get_string(std::string_view key) const {
  const Value* v = find(key);
  return v && v->is_string() ? std::string_view(v->text_) : std::string_view();
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::kNull:
      return true;
    case Value::Kind::kBool:
      return a.bool_ == b.bool_;
    case Value::Kind::kNumber:
    case Value::Kind::kString:
      return a.text_ == b.text_;
    case Value::Kind::kArray:
      if (a.children_.size() != b.children_.size()) return false;
      for (size_t i = 0; i < a.children_.size(); ++i) {
        if (a.children_[i].value != b.children_[i].value) return false;
      }
      return true;
    case Value::Kind::kObject: {
      // Member order does not matter for equality.
      if (a.children_.size() != b.children_.size()) return false;
      for (const Value::Member& m : a.children_) {
        const Value* other = b.find(m.key);
        if (other == nullptr || *other != m.value) return false;
      }
      return true;
    }
  }
  return false;
}

bool NumbersEqual(const Value& a, const Value& b) {
  if (!a.is_number() || !b.is_number()) return false;
  if (a.text() == b.text()) return true;
  return std::strtod(a.text().c_str(), nullptr) == std::strtod(b.text().c_str(), nullptr);
}

}  // namespace lienthong::json
