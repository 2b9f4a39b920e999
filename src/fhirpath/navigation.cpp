#include "fhirpath/navigation.h"

#include <string>

namespace lienthong::fhirpath {
namespace {

constexpr std::string_view kSystemTypes[] = {"Boolean", "Integer",  "Decimal", "String",
                                             "Date",    "DateTime", "Time",    "Quantity"};

bool IsSystemTypeName(std::string_view name) {
  for (std::string_view t : kSystemTypes) {
    if (t == name) return true;
  }
  return false;
}

const fhir::TypeDefinition* ResolveType(const fhir::TypeRegistry* registry,
                                        const fhir::TypeDefinition* declared,
                                        const json::Value* value) {
  if (declared != nullptr && declared->kind == fhir::TypeKind::kResource && declared->is_abstract &&
      value != nullptr && value->is_object()) {
    const fhir::TypeDefinition* actual = registry->FindType(value->get_string("resourceType"));
    if (actual != nullptr) return actual;
  }
  return declared;
}

const json::Value* NonNull(const json::Value* v) {
  return v != nullptr && !v->is_null() ? v : nullptr;
}

void AppendValues(const fhir::TypeRegistry* registry, const json::Value* value,
                  const json::Value* ext, const fhir::ElementDefinition* element,
                  const fhir::TypeDefinition* type, Collection& out) {
  auto push = [&](const json::Value* v, const json::Value* e) {
    if (v == nullptr && e == nullptr) return;
    Node n;
    n.value = v;
    n.extension = e;
    n.type = ResolveType(registry, type, v);
    n.elements = element != nullptr && n.type == type ? element->children : nullptr;
    n.element = element;
    out.push_back(Item::FromNode(n));
  };
  if (value != nullptr && value->is_array()) {
    const bool ext_array = ext != nullptr && ext->is_array();
    for (size_t i = 0; i < value->size(); ++i) {
      push(NonNull(&value->at(i)), ext_array && i < ext->size() ? NonNull(&ext->at(i)) : nullptr);
    }
    return;
  }
  if (value != nullptr && !value->is_null()) {
    push(value, ext != nullptr && ext->is_object() ? ext : nullptr);
    return;
  }
  if (ext == nullptr) return;
  if (ext->is_array()) {
    for (size_t i = 0; i < ext->size(); ++i) push(nullptr, NonNull(&ext->at(i)));
  } else if (ext->is_object()) {
    push(nullptr, ext);
  }
}

void AppendUntyped(const json::Value* value, Collection& out) {
  if (value == nullptr || value->is_null()) return;
  if (value->is_array()) {
    for (const auto& m : value->members()) {
      if (!m.value.is_null())
        out.push_back(Item::FromNode(Node{&m.value, nullptr, nullptr, nullptr}));
    }
    return;
  }
  out.push_back(Item::FromNode(Node{value, nullptr, nullptr, nullptr}));
}

const fhir::ElementSet* ElementsOf(const Node& n) {
  if (n.elements != nullptr) return n.elements;
  return n.type != nullptr ? &n.type->elements : nullptr;
}

// The extension and id of a primitive live in its "_name" object.
void AppendPrimitiveChildren(const fhir::TypeRegistry* registry, const Node& n,
                             std::string_view name, Collection& out) {
  if (n.extension == nullptr || !n.extension->is_object()) return;
  const json::Value* child = n.extension->find(name);
  if (child == nullptr) return;
  if (name == "extension") {
    const fhir::TypeDefinition* ext = registry->FindType("Extension");
    AppendValues(registry, child, nullptr, nullptr, ext, out);
  } else if (name == "id") {
    AppendValues(registry, child, nullptr, nullptr, registry->FindType("string"), out);
  }
}

}  // namespace

Node RootNode(const fhir::TypeRegistry* registry, const json::Value& value) {
  Node n;
  n.value = &value;
  if (registry != nullptr && value.is_object()) {
    const fhir::TypeDefinition* type = registry->FindType(value.get_string("resourceType"));
    if (type != nullptr && type->kind == fhir::TypeKind::kResource) n.type = type;
  }
  return n;
}

bool AppendChildren(const fhir::TypeRegistry* registry, const Item& parent, std::string_view name,
                    std::string_view underscore_name, Collection& out) {
  if (!parent.is_node()) {
    if (parent.kind() == ItemKind::kTypeInfo) {
      if (name == "namespace") out.push_back(Item::String(parent.type_info().ns));
      if (name == "name") out.push_back(Item::String(parent.type_info().name));
    } else if (parent.kind() == ItemKind::kQuantity) {
      if (name == "value") out.push_back(Item::FromDecimal(parent.quantity().value));
      if (name == "unit") out.push_back(Item::String(parent.quantity().unit));
    }
    return true;
  }
  const Node& n = parent.node();
  if (n.type == nullptr) {
    if (n.value != nullptr && n.value->is_object()) AppendUntyped(n.value->find(name), out);
    return true;
  }
  if (n.type->kind == fhir::TypeKind::kPrimitive) {
    AppendPrimitiveChildren(registry, n, name, out);
    return name == "extension" || name == "id";
  }
  const fhir::ElementSet* elements = ElementsOf(n);
  if (elements == nullptr) return false;
  const fhir::ElementSet::Property* prop = elements->FindProperty(name);
  if (prop != nullptr && !prop->underscore && prop->element->name == name) {
    if (n.value == nullptr || !n.value->is_object()) return true;
    const fhir::ElementDefinition* element = prop->element;
    const fhir::TypeDefinition* type = element->types.empty() ? nullptr : element->types[0];
    const json::Value* ext = nullptr;
    if (type != nullptr && type->kind == fhir::TypeKind::kPrimitive) {
      ext = n.value->find(underscore_name);
    }
    AppendValues(registry, n.value->find(name), ext, element, type, out);
    return true;
  }
  const fhir::ElementDefinition* choice = nullptr;
  for (const fhir::ElementDefinition* e : elements->elements()) {
    if (e->name == name) {
      choice = e;
      break;
    }
  }
  if (choice == nullptr) return false;
  if (n.value == nullptr || !n.value->is_object()) return true;
  for (const auto& m : n.value->members()) {
    const std::string_view key = m.key;
    if (!key.starts_with(name) && !key.substr(key.empty() ? 0 : 1).starts_with(name)) continue;
    const fhir::ElementSet::Property* p = elements->FindProperty(key);
    if (p == nullptr || p->element != choice) continue;
    const fhir::TypeDefinition* type = choice->types[p->type_index];
    if (p->underscore) {
      // Only an extension: the value itself is absent.
      if (n.value->find(std::string_view(m.key).substr(1)) == nullptr) {
        AppendValues(registry, nullptr, &m.value, choice, type, out);
      }
      continue;
    }
    const json::Value* ext = nullptr;
    if (type->kind == fhir::TypeKind::kPrimitive) ext = n.value->find("_" + m.key);
    AppendValues(registry, &m.value, ext, choice, type, out);
  }
  return true;
}

void AppendAllChildren(const fhir::TypeRegistry* registry, const Item& parent, Collection& out) {
  if (!parent.is_node()) return;
  const Node& n = parent.node();
  if (n.type != nullptr && n.type->kind == fhir::TypeKind::kPrimitive) {
    AppendPrimitiveChildren(registry, n, "id", out);
    AppendPrimitiveChildren(registry, n, "extension", out);
    return;
  }
  if (n.value == nullptr || !n.value->is_object()) return;
  const fhir::ElementSet* elements = ElementsOf(n);
  for (const auto& m : n.value->members()) {
    if (m.key == "resourceType") continue;
    if (n.type == nullptr || elements == nullptr) {
      if (!m.key.empty() && m.key[0] == '_') continue;
      AppendUntyped(&m.value, out);
      continue;
    }
    const fhir::ElementSet::Property* p = elements->FindProperty(m.key);
    if (p == nullptr) continue;
    const fhir::TypeDefinition* type =
        p->element->types.empty() ? nullptr : p->element->types[p->type_index];
    if (p->underscore) {
      if (n.value->find(std::string_view(m.key).substr(1)) == nullptr) {
        AppendValues(registry, nullptr, &m.value, p->element, type, out);
      }
      continue;
    }
    const json::Value* ext = nullptr;
    if (type != nullptr && type->kind == fhir::TypeKind::kPrimitive) {
      ext = n.value->find("_" + m.key);
    }
    AppendValues(registry, &m.value, ext, p->element, type, out);
  }
}

bool MayHaveElement(const Item& item, std::string_view name) {
  if (!item.is_node() || item.node().element == nullptr) return false;
  const fhir::ElementDefinition* element = item.node().element;
  if (!element->is_choice && element->types.size() <= 1 &&
      (element->types.empty() || !element->types[0]->is_abstract)) {
    return false;
  }
  for (const fhir::TypeDefinition* type : element->types) {
    if (type->is_abstract && type->kind == fhir::TypeKind::kResource) return true;
    for (const fhir::ElementDefinition* e : type->elements.elements()) {
      if (e->name == name) return true;
    }
  }
  return false;
}

bool IsKnownType(const fhir::TypeRegistry* registry, const TypeSpecifier& spec) {
  if (spec.ns == "System") return true;
  if (spec.ns.empty() && IsSystemTypeName(spec.name)) return true;
  if (spec.name == "BackboneElement" || spec.name == "Element") return true;
  return registry != nullptr && registry->FindType(spec.name) != nullptr;
}

Result<bool> IsOfType(const fhir::TypeRegistry* registry, const Item& item,
                      const TypeSpecifier& spec) {
  if (!IsKnownType(registry, spec)) {
    return Status::Invalid("unknown type " + (spec.ns.empty() ? "" : spec.ns + ".") + spec.name);
  }
  const bool typed_node = item.is_node() && item.node().type != nullptr;
  if (spec.ns == "System" || (spec.ns.empty() && !typed_node)) {
    if (typed_node) return false;
    return TypeNameOf(item) == spec.name;
  }
  if (!typed_node) return false;
  for (const fhir::TypeDefinition* t = item.node().type; t != nullptr; t = t->base) {
    if (t->name == spec.name) return true;
  }
  return false;
}

}  // namespace lienthong::fhirpath
