// Navigation: from a node to its children, with the FHIR R4 model.
//
// A typed node knows its elements from the type registry: a choice element
// `value` finds valueQuantity, valueString, ... each typed accordingly; a
// primitive brings its "_name" sibling along (so `birthDate.extension`
// works); a contained resource is typed by its resourceType. Untyped nodes
// (plain JSON) navigate by property name only.
#pragma once

#include <string_view>

#include "fhir/type_registry.h"
#include "fhirpath/ast.h"
#include "fhirpath/item.h"

namespace lienthong::fhirpath {

// The root node for a JSON document: typed by its resourceType when the
// registry knows it, untyped otherwise (or when registry is nullptr).
Node RootNode(const fhir::TypeRegistry* registry, const json::Value& value);

// Appends the children of `parent` called `name` (`underscore_name` is
// "_" + name). Returns false when `parent` is a typed complex node whose type
// has no element of that name, so that the caller can report it.
bool AppendChildren(const fhir::TypeRegistry* registry, const Item& parent, std::string_view name,
                    std::string_view underscore_name, Collection& out);

// Appends every child of `parent` in document order (children()).
void AppendAllChildren(const fhir::TypeRegistry* registry, const Item& parent, Collection& out);

// Whether another item reached through the same element could have a child
// `name`: the element is a choice (value[x]) and one of its types has it, or
// it holds any resource (contained, Bundle.entry.resource). Strict mode
// reports an unknown element only when no such item could have it.
bool MayHaveElement(const Item& item, std::string_view name);

// Whether `item` is of the type `spec` or derives from it. kInvalid when the
// type is not known (neither a System type nor one of the registry's).
Result<bool> IsOfType(const fhir::TypeRegistry* registry, const Item& item,
                      const TypeSpecifier& spec);

// Whether spec names a known type.
bool IsKnownType(const fhir::TypeRegistry* registry, const TypeSpecifier& spec);

}  // namespace lienthong::fhirpath
