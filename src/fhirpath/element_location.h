// ElementLocation: where a node of an evaluation sits in its resource, so
// that it can be changed.
//
// Evaluation hands out nodes that point into the resource (const). To change
// the element a node stands for, find it again in the same, mutable tree by
// address: the object that holds it, its JSON property name and, for a
// repeating element, its position in the array. A primitive has its "_name"
// sibling (id and extensions) at the same name and position.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "fhirpath/item.h"
#include "json/value.h"

namespace lienthong::fhirpath {

struct ElementLocation {
  // The object that has the element. Not owned: valid until that object or
  // one of its ancestors is next modified.
  json::Value* holder = nullptr;
  std::string name;             // the JSON property name, without "_": "valueQuantity", "given"
  std::optional<size_t> index;  // position in the array, for a repeating element
};

// The element `node` stands for, where `node` came from evaluating over
// `resource` (which must not have changed since). nullopt when the node is the
// resource itself or lies outside it (a value of another resource).
std::optional<ElementLocation> LocateElement(json::Value& resource, const Node& node);

// The value inside `resource` at the address `target`, as a mutable pointer;
// nullptr when `target` does not point into `resource`. Same lifetime as the
// holder above.
json::Value* FindMutable(json::Value& resource, const json::Value* target);

}  // namespace lienthong::fhirpath
