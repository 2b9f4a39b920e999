#include "fhirpath/element_location.h"

#include <string_view>

namespace lienthong::fhirpath {
namespace {

// Whether the JSON value at `at` is the one `node` stands for: its value, or
// for a primitive with only an id or extensions, its "_name" object.
bool IsNode(const json::Value* at, bool underscore, const Node& node) {
  if (underscore) return node.value == nullptr && node.extension == at;
  return node.value == at;
}

std::optional<ElementLocation> Search(json::Value& object, const Node& node) {
  for (json::Value::Member& m : object.members()) {
    const bool underscore = m.key.starts_with('_');
    const std::string_view name = underscore ? std::string_view(m.key).substr(1) : m.key;
    if (m.value.is_array()) {
      for (size_t i = 0; i < m.value.size(); ++i) {
        json::Value& element = m.value.at(i);
        if (IsNode(&element, underscore, node)) {
          return ElementLocation{&object, std::string(name), i};
        }
        if (element.is_object()) {
          if (std::optional<ElementLocation> found = Search(element, node)) return found;
        }
      }
      continue;
    }
    if (IsNode(&m.value, underscore, node)) {
      return ElementLocation{&object, std::string(name), std::nullopt};
    }
    if (m.value.is_object()) {
      if (std::optional<ElementLocation> found = Search(m.value, node)) return found;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<ElementLocation> LocateElement(json::Value& resource, const Node& node) {
  if (!resource.is_object()) return std::nullopt;
  return Search(resource, node);
}

json::Value* FindMutable(json::Value& resource, const json::Value* target) {
  if (&resource == target) return &resource;
  if (!resource.is_object() && !resource.is_array()) return nullptr;
  for (json::Value::Member& m : resource.members()) {
    if (json::Value* found = FindMutable(m.value, target)) return found;
  }
  return nullptr;
}

}  // namespace lienthong::fhirpath
