#include "json/patch.h"

#include <fmt/format.h>

#include <utility>

namespace lienthong::json {
namespace {

using Tokens = std::vector<std::string>;

// An array reference token: digits without a leading zero, or "-" (the
// position after the last element).
enum class IndexKind { kIndex, kEnd, kInvalid };

IndexKind ParseIndex(std::string_view token, size_t* index) {
  if (token == "-") return IndexKind::kEnd;
  if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0')) {
    return IndexKind::kInvalid;
  }
  size_t n = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return IndexKind::kInvalid;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  *index = n;
  return IndexKind::kIndex;
}

// Follows `count` tokens from `root`; nullptr when any step does not exist.
Value* Walk(Value& root, const Tokens& tokens, size_t count) {
  Value* current = &root;
  for (size_t i = 0; i < count; ++i) {
    const std::string& token = tokens[i];
    if (current->is_object()) {
      current = current->find(token);
    } else if (current->is_array()) {
      size_t index = 0;
      if (ParseIndex(token, &index) != IndexKind::kIndex || index >= current->size()) {
        return nullptr;
      }
      current = &current->at(index);
    } else {
      return nullptr;
    }
    if (current == nullptr) return nullptr;
  }
  return current;
}

std::string PointerText(const Tokens& tokens, size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) {
    text += '/';
    for (char c : tokens[i]) {
      if (c == '~') {
        text += "~0";
      } else if (c == '/') {
        text += "~1";
      } else {
        text += c;
      }
    }
  }
  return text;
}

// The operations on the working copy. Each returns an empty string on
// success, else why it failed.
std::string Add(Value& root, const Tokens& path, Value value) {
  if (path.empty()) {
    root = std::move(value);
    return {};
  }
  Value* parent = Walk(root, path, path.size() - 1);
  if (parent == nullptr) {
    return fmt::format("the parent of the target, \"{}\", does not exist",
                       PointerText(path, path.size() - 1));
  }
  const std::string& last = path.back();
  if (parent->is_object()) {
    parent->set(last, std::move(value));
    return {};
  }
  if (parent->is_array()) {
    size_t index = 0;
    switch (ParseIndex(last, &index)) {
      case IndexKind::kEnd:
        parent->push_back(std::move(value));
        return {};
      case IndexKind::kIndex:
        if (index > parent->size()) {
          return fmt::format("index {} is beyond the end of an array of {}", index, parent->size());
        }
        parent->members().insert(parent->members().begin() + static_cast<ptrdiff_t>(index),
                                 Value::Member{std::string(), std::move(value)});
        return {};
      case IndexKind::kInvalid:
        return fmt::format("\"{}\" is not an array index", last);
    }
  }
  return "the parent of the target is neither an object nor an array";
}

std::string Remove(Value& root, const Tokens& path, Value* removed) {
  if (path.empty()) return "the whole document cannot be removed";
  Value* parent = Walk(root, path, path.size() - 1);
  if (parent == nullptr) return "the target does not exist";
  const std::string& last = path.back();
  if (parent->is_object()) {
    Value* target = parent->find(last);
    if (target == nullptr) return "the target does not exist";
    if (removed != nullptr) *removed = std::move(*target);
    parent->erase(last);
    return {};
  }
  if (parent->is_array()) {
    size_t index = 0;
    if (ParseIndex(last, &index) != IndexKind::kIndex || index >= parent->size()) {
      return "the target does not exist";
    }
    auto it = parent->members().begin() + static_cast<ptrdiff_t>(index);
    if (removed != nullptr) *removed = std::move(it->value);
    parent->members().erase(it);
    return {};
  }
  return "the target does not exist";
}

bool IsProperPrefix(const Tokens& prefix, const Tokens& tokens) {
  if (prefix.size() >= tokens.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (prefix[i] != tokens[i]) return false;
  }
  return true;
}

// One operation object, checked for shape.
struct Operation {
  std::string_view op;
  Tokens path;
  Tokens from;
  const Value* value = nullptr;
};

Status ParseOperation(const Value& object, size_t i, Operation* operation) {
  std::string where = fmt::format("patch[{}]", i);
  if (!object.is_object()) return Status::Invalid("a patch operation must be an object", where);
  const Value* op = nullptr;
  const Value* path = nullptr;
  const Value* from = nullptr;
  for (const Value::Member& m : object.members()) {
    const Value** slot = m.key == "op"      ? &op
                         : m.key == "path"  ? &path
                         : m.key == "from"  ? &from
                         : m.key == "value" ? &operation->value
                                            : nullptr;
    if (slot == nullptr) continue;
    if (*slot != nullptr) {
      return Status::Invalid(fmt::format("\"{}\" appears twice", m.key), where + "." + m.key);
    }
    *slot = &m.value;
  }
  if (op == nullptr || !op->is_string()) {
    return Status::Invalid("\"op\" is missing or not a string", where + ".op");
  }
  operation->op = op->text();
  const std::string_view kind = operation->op;
  if (kind != "add" && kind != "remove" && kind != "replace" && kind != "move" && kind != "copy" &&
      kind != "test") {
    return Status::Invalid(fmt::format("unknown operation \"{}\"", kind), where + ".op");
  }
  if (path == nullptr || !path->is_string()) {
    return Status::Invalid("\"path\" is missing or not a string", where + ".path");
  }
  if (!ParseJsonPointer(path->text(), &operation->path)) {
    return Status::Invalid(fmt::format("\"{}\" is not a JSON Pointer", path->text()),
                           where + ".path");
  }
  if (kind == "move" || kind == "copy") {
    if (from == nullptr || !from->is_string()) {
      return Status::Invalid("\"from\" is missing or not a string", where + ".from");
    }
    if (!ParseJsonPointer(from->text(), &operation->from)) {
      return Status::Invalid(fmt::format("\"{}\" is not a JSON Pointer", from->text()),
                             where + ".from");
    }
  }
  if ((kind == "add" || kind == "replace" || kind == "test") && operation->value == nullptr) {
    return Status::Invalid("\"value\" is missing", where + ".value");
  }
  return Status::Ok();
}

Status Apply(Value& doc, const Operation& operation, size_t i) {
  const std::string_view kind = operation.op;
  auto fail = [&](const std::string& why, std::string_view member = "path") {
    const Tokens& pointer = member == "from" ? operation.from : operation.path;
    return Status::Unprocessable(
        fmt::format("{} \"{}\" failed: {}", kind, PointerText(pointer, pointer.size()), why),
        fmt::format("patch[{}].{}", i, member));
  };
  if (kind == "add") {
    std::string why = Add(doc, operation.path, *operation.value);
    return why.empty() ? Status::Ok() : fail(why);
  }
  if (kind == "remove") {
    std::string why = Remove(doc, operation.path, nullptr);
    return why.empty() ? Status::Ok() : fail(why);
  }
  if (kind == "replace") {
    Value* target = Walk(doc, operation.path, operation.path.size());
    if (target == nullptr) return fail("the target does not exist");
    *target = *operation.value;
    return Status::Ok();
  }
  if (kind == "test") {
    const Value* target = Walk(doc, operation.path, operation.path.size());
    if (target == nullptr) return fail("the target does not exist");
    if (!JsonEquals(*target, *operation.value)) return fail("the value differs");
    return Status::Ok();
  }
  if (kind == "copy") {
    const Value* source = Walk(doc, operation.from, operation.from.size());
    if (source == nullptr) return fail("the source does not exist", "from");
    std::string why = Add(doc, operation.path, *source);
    return why.empty() ? Status::Ok() : fail(why);
  }
  // move
  if (operation.from == operation.path) {
    if (Walk(doc, operation.from, operation.from.size()) == nullptr) {
      return fail("the source does not exist", "from");
    }
    return Status::Ok();
  }
  if (IsProperPrefix(operation.from, operation.path)) {
    return fail("a value cannot be moved into one of its own children");
  }
  Value moved;
  std::string why = Remove(doc, operation.from, &moved);
  if (!why.empty()) return fail("the source does not exist", "from");
  why = Add(doc, operation.path, std::move(moved));
  return why.empty() ? Status::Ok() : fail(why);
}

}  // namespace

bool ParseJsonPointer(std::string_view pointer, std::vector<std::string>* tokens) {
  tokens->clear();
  if (pointer.empty()) return true;
  if (pointer[0] != '/') return false;
  std::string* token = &tokens->emplace_back();
  for (size_t i = 1; i < pointer.size(); ++i) {
    char c = pointer[i];
    if (c == '/') {
      token = &tokens->emplace_back();
    } else if (c == '~') {
      if (i + 1 >= pointer.size()) return false;
      char next = pointer[++i];
      if (next == '0') {
        token->push_back('~');
      } else if (next == '1') {
        token->push_back('/');
      } else {
        return false;
      }
    } else {
      token->push_back(c);
    }
  }
  return true;
}

const Value* ResolveJsonPointer(const Value& document, std::string_view pointer) {
  Tokens tokens;
  if (!ParseJsonPointer(pointer, &tokens)) return nullptr;
  // Walk does not modify; it takes a mutable root only to return a mutable
  // pointer to the patch operations.
  return Walk(const_cast<Value&>(document), tokens, tokens.size());
}

bool JsonEquals(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kNull:
      return true;
    case Value::Kind::kBool:
      return a.as_bool() == b.as_bool();
    case Value::Kind::kNumber:
      return NumbersEqual(a, b);
    case Value::Kind::kString:
      return a.text() == b.text();
    case Value::Kind::kArray:
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!JsonEquals(a.at(i), b.at(i))) return false;
      }
      return true;
    case Value::Kind::kObject:
      if (a.size() != b.size()) return false;
      for (const Value::Member& m : a.members()) {
        const Value* other = b.find(m.key);
        if (other == nullptr || !JsonEquals(m.value, *other)) return false;
      }
      return true;
  }
  return false;
}

Status ApplyJsonPatch(Value& document, const Value& patch) {
  if (!patch.is_array()) return Status::Invalid("a JSON Patch must be an array", "patch");
  // Check the whole patch before touching anything: a malformed document is
  // reported as such even when an earlier operation would fail to apply.
  std::vector<Operation> operations(patch.size());
  for (size_t i = 0; i < patch.size(); ++i) {
    LT_RETURN_IF_ERROR(ParseOperation(patch.at(i), i, &operations[i]));
  }
  // All or nothing: apply to a copy and commit only when every step worked.
  Value working = document;
  for (size_t i = 0; i < operations.size(); ++i) {
    LT_RETURN_IF_ERROR(Apply(working, operations[i], i));
  }
  document = std::move(working);
  return Status::Ok();
}

}  // namespace lienthong::json
