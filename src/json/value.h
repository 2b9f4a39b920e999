// json::Value: the one in-memory JSON tree of lienthong.
//
// Objects keep their members in the order they were parsed or added, so a
// resource is served back in the order the client sent it. Numbers keep their
// literal text, because FHIR decimals carry precision ("1.50" is not "1.5").
// A Value owns all of its children; it is a plain value type (copyable and
// movable) and is not safe for concurrent mutation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lienthong::json {

class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  struct Member;

  Value();  // null
  static Value Null();
  static Value Bool(bool b);
  // `literal` must be a valid JSON number; it is kept as written.
  static Value Number(std::string literal);
  static Value Number(int64_t n);
  static Value String(std::string s);
  static Value Array();
  static Value Object();

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  bool as_bool() const { return bool_; }
  // The string's content, or a number's literal text; empty for other kinds.
  const std::string& text() const { return text_; }
  std::string& mutable_text() { return text_; }

  // Arrays: elements; objects: members (key, value) in order.
  size_t size() const;
  bool empty() const;
  const std::vector<Member>& members() const { return children_; }
  std::vector<Member>& members() { return children_; }
  const Value& at(size_t i) const;
  Value& at(size_t i);
  void push_back(Value v);

  // Object lookup; nullptr when absent or when this is not an object. The
  // pointer stays valid until the object is next modified.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // Sets key to v, replacing an existing member in place or appending.
  Value& set(std::string_view key, Value v);
  // Removes the member; returns whether it was there.
  bool erase(std::string_view key);
  // Convenience for the common "string member" case; empty when absent.
  std::string_view get_string(std::string_view key) const;

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  std::string text_;
  std::vector<Member> children_;  // array elements have empty keys
};

struct Value::Member {
  std::string key;
  Value value;
};

// Defined after Member, which they need complete.
inline Value::Value() = default;
inline Value Value::Null() { return Value(); }
inline size_t Value::size() const { return children_.size(); }
inline bool Value::empty() const { return children_.empty(); }

// Two numbers compare equal by numeric value of their literals when both are
// plain decimals (so 1.0 == 1.0 but "1.50" and "1.5" differ in text only);
// operator== compares literal text, NumbersEqual compares value.
bool NumbersEqual(const Value& a, const Value& b);

}  // namespace lienthong::json
