#include "fhirpath/fhirpath_patch.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fhirpath/element_location.h"
#include "fhirpath/evaluator.h"
#include "fhirpath/fhirpath.h"
#include "fhirpath/navigation.h"

namespace lienthong::fhirpath {
namespace {

enum class OperationType { kAdd, kInsert, kDelete, kReplace, kMove };

struct Operation {
  OperationType type = OperationType::kAdd;
  std::string path;
  std::string name;
  const json::Value* value = nullptr;  // the "value" part; points into the Parameters
  std::optional<int64_t> index;
  std::optional<int64_t> source;
  std::optional<int64_t> destination;
  std::string where;  // "Parameters.parameter[2]", for messages
};

// A value to put into the resource: its JSON, its "_name" companion (null
// when it has none) and, when it came from a value[x], the type ("Quantity").
struct NewValue {
  json::Value value;
  json::Value extension;
  std::string type_suffix;
};

std::optional<OperationType> ParseType(std::string_view code) {
  if (code == "add") return OperationType::kAdd;
  if (code == "insert") return OperationType::kInsert;
  if (code == "delete") return OperationType::kDelete;
  if (code == "replace") return OperationType::kReplace;
  if (code == "move") return OperationType::kMove;
  return std::nullopt;
}

// The value[x] member of a part, or nullptr when it has none.
const json::Value::Member* ValueMember(const json::Value& part) {
  for (const json::Value::Member& m : part.members()) {
    if (m.key.size() > 5 && m.key.starts_with("value") && m.key[5] >= 'A' && m.key[5] <= 'Z') {
      return &m;
    }
  }
  return nullptr;
}

Result<int64_t> IntegerOf(const json::Value& part, const std::string& where) {
  const json::Value* v = part.find("valueInteger");
  int64_t n = 0;
  if (v != nullptr && v->is_number()) {
    const std::string& text = v->text();
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && ptr == text.data() + text.size()) return n;
  }
  return Status::Invalid("this part takes a valueInteger", where);
}

Result<Operation> ParseOperation(const json::Value& parameter, const std::string& where) {
  if (!parameter.is_object() || parameter.get_string("name") != "operation") {
    return Status::Invalid("each parameter of a FHIRPath Patch is named \"operation\"",
                           where + ".name");
  }
  const json::Value* parts = parameter.find("part");
  if (parts == nullptr || !parts->is_array()) {
    return Status::Invalid("an operation gives its type, path and values as parts", where);
  }
  Operation op;
  op.where = where;
  bool has_type = false;
  std::set<std::string> seen;
  for (size_t i = 0; i < parts->size(); ++i) {
    const json::Value& part = parts->at(i);
    const std::string at = fmt::format("{}.part[{}]", where, i);
    if (!part.is_object()) return Status::Invalid("a part must be an object", at);
    const std::string name(part.get_string("name"));
    if (!seen.insert(name).second) {
      return Status::Invalid(fmt::format("part \"{}\" appears twice", name.substr(0, 32)), at);
    }
    if (name == "type") {
      std::optional<OperationType> type = ParseType(part.get_string("valueCode"));
      if (!type) {
        return Status::Invalid(
            "the operation type (valueCode) must be add, insert, delete, replace or move", at);
      }
      op.type = *type;
      has_type = true;
    } else if (name == "path" || name == "name") {
      const std::string text(part.get_string("valueString"));
      if (text.empty()) return Status::Invalid(fmt::format("{} takes a valueString", name), at);
      (name == "path" ? op.path : op.name) = text;
    } else if (name == "value") {
      op.value = &part;
    } else if (name == "index" || name == "source" || name == "destination") {
      Result<int64_t> n = IntegerOf(part, at);
      if (!n.ok()) return n.take_status();
      (name == "index" ? op.index : name == "source" ? op.source : op.destination) = *n;
    } else {
      return Status::Invalid(fmt::format("unknown part \"{}\"", name.substr(0, 32)), at);
    }
  }
  if (!has_type) return Status::Invalid("the operation has no type", where);
  auto need = [&](bool present, std::string_view part) -> Status {
    if (present) return Status::Ok();
    return Status::Invalid(fmt::format("this operation needs a part \"{}\"", part), where);
  };
  LT_RETURN_IF_ERROR(need(!op.path.empty(), "path"));
  switch (op.type) {
    case OperationType::kAdd:
      LT_RETURN_IF_ERROR(need(!op.name.empty(), "name"));
      LT_RETURN_IF_ERROR(need(op.value != nullptr, "value"));
      break;
    case OperationType::kInsert:
      LT_RETURN_IF_ERROR(need(op.index.has_value(), "index"));
      LT_RETURN_IF_ERROR(need(op.value != nullptr, "value"));
      break;
    case OperationType::kReplace:
      LT_RETURN_IF_ERROR(need(op.value != nullptr, "value"));
      break;
    case OperationType::kMove:
      LT_RETURN_IF_ERROR(need(op.source.has_value(), "source"));
      LT_RETURN_IF_ERROR(need(op.destination.has_value(), "destination"));
      break;
    case OperationType::kDelete:
      break;
  }
  return op;
}

// The elements that may appear in a node's object, or nullptr when untyped.
const fhir::ElementSet* ChildrenOf(const Node& node) {
  if (node.elements != nullptr) return node.elements;
  return node.type != nullptr ? &node.type->elements : nullptr;
}

// The node's FHIR type name for messages.
std::string_view NodeTypeName(const Node& node) {
  return node.type != nullptr ? std::string_view(node.type->name) : "the element";
}

// The elements of a value of `element`, when it has one type (or is a
// BackboneElement); nullptr otherwise.
const fhir::ElementSet* ChildrenOf(const fhir::ElementDefinition* element) {
  if (element == nullptr) return nullptr;
  if (element->children != nullptr) return element->children;
  return element->types.size() == 1 ? &element->types[0]->elements : nullptr;
}

// The element called `name` ("value" for value[x]); nullptr when unknown.
const fhir::ElementDefinition* FindElement(const fhir::ElementSet* set, std::string_view name) {
  if (set == nullptr) return nullptr;
  for (const fhir::ElementDefinition* e : set->elements()) {
    if (e->name == name) return e;
  }
  return nullptr;
}

// The JSON property name of `name` holding a value of `value`'s type.
Result<std::string> JsonName(const fhir::ElementDefinition* element, const std::string& name,
                             const NewValue& value, const std::string& where) {
  if (element == nullptr || !element->is_choice) return name;
  if (value.type_suffix.empty()) {
    return Status::Invalid(
        fmt::format("{} is a choice of types: give its value as value[x]", name.substr(0, 64)),
        where);
  }
  return name + value.type_suffix;
}

void AddToObject(json::Value& object, const std::string& name, NewValue value, bool repeats);
Result<NewValue> ValueOf(const json::Value& part, const fhir::ElementDefinition* element,
                         const std::string& where);

// The value of a part: its value[x], or an object built from its parts.
// `children` (null when unknown) are the elements such an object may have,
// for the cardinality and choice types of the parts; `owner` names its type
// in messages.
Result<NewValue> ValueOf(const json::Value& part, const fhir::ElementSet* children,
                         std::string_view owner, const std::string& where) {
  NewValue out;
  if (const json::Value::Member* value = ValueMember(part)) {
    out.value = value->value;
    out.type_suffix = value->key.substr(5);
    if (const json::Value* extension = part.find("_" + value->key)) out.extension = *extension;
    return out;
  }
  const json::Value* parts = part.find("part");
  if (parts == nullptr || !parts->is_array() || parts->empty()) {
    return Status::Invalid("a value is given as value[x] or as parts", where);
  }
  out.value = json::Value::Object();
  for (size_t i = 0; i < parts->size(); ++i) {
    const json::Value& child = parts->at(i);
    const std::string at = fmt::format("{}.part[{}]", where, i);
    if (!child.is_object()) return Status::Invalid("a part must be an object", at);
    const std::string name(child.get_string("name"));
    if (name.empty()) return Status::Invalid("a part needs a name", at);
    const fhir::ElementDefinition* child_element = FindElement(children, name);
    if (children != nullptr && child_element == nullptr) {
      return Status::Unprocessable(fmt::format("{} has no element '{}'", owner, name.substr(0, 64)),
                                   at);
    }
    Result<NewValue> value = ValueOf(child, child_element, at);
    if (!value.ok()) return value.take_status();
    Result<std::string> json_name = JsonName(child_element, name, *value, at);
    if (!json_name.ok()) return json_name.take_status();
    // Without a definition, a name given more than once is a list.
    bool repeats = child_element != nullptr ? child_element->is_array() : false;
    if (child_element == nullptr) {
      for (size_t j = 0; j < parts->size(); ++j) {
        if (j != i && parts->at(j).get_string("name") == name) repeats = true;
      }
    }
    AddToObject(out.value, *json_name, std::move(value.value()), repeats);
  }
  return out;
}

// The value of a part that will be a value of `element` (null when unknown).
Result<NewValue> ValueOf(const json::Value& part, const fhir::ElementDefinition* element,
                         const std::string& where) {
  std::string_view owner;
  if (element != nullptr) {
    owner = element->types.size() == 1 ? element->types[0]->name : element->path;
  }
  return ValueOf(part, ChildrenOf(element), owner, where);
}

// A list property and its "_name" companion, kept aligned: an element with no
// id or extension has null there, and the companion goes when all are null.
class ListRef {
 public:
  ListRef(json::Value& holder, std::string name)
      : holder_(holder), name_(std::move(name)), underscore_("_" + name_) {}

  size_t size() const {
    const json::Value* list = holder_.find(name_);
    const json::Value* extensions = holder_.find(underscore_);
    size_t n = list != nullptr && list->is_array() ? list->size() : 0;
    if (extensions != nullptr && extensions->is_array()) n = std::max(n, extensions->size());
    return n;
  }

  void Insert(size_t index, NewValue value) {
    const size_t n = size();
    json::Value& list = Array(name_, n, json::Value::Null());
    list.members().insert(list.members().begin() + static_cast<std::ptrdiff_t>(index),
                          json::Value::Member{"", std::move(value.value)});
    if (!value.extension.is_null() || holder_.find(underscore_) != nullptr) {
      json::Value& extensions = Array(underscore_, n, json::Value::Null());
      extensions.members().insert(extensions.members().begin() + static_cast<std::ptrdiff_t>(index),
                                  json::Value::Member{"", std::move(value.extension)});
    }
    Tidy();
  }

  NewValue Erase(size_t index) {
    NewValue out;
    out.value = Take(name_, index);
    out.extension = Take(underscore_, index);
    Tidy();
    return out;
  }

  void Replace(size_t index, NewValue value) {
    const size_t n = size();
    Array(name_, n, json::Value::Null()).at(index) = std::move(value.value);
    if (!value.extension.is_null() || holder_.find(underscore_) != nullptr) {
      Array(underscore_, n, json::Value::Null()).at(index) = std::move(value.extension);
    }
    Tidy();
  }

 private:
  // The array at `key`, created or padded with `fill` to at least `n` elements.
  json::Value& Array(const std::string& key, size_t n, const json::Value& fill) {
    json::Value* array = holder_.find(key);
    if (array == nullptr || !array->is_array()) array = &holder_.set(key, json::Value::Array());
    while (array->size() < n) array->push_back(fill);
    return *array;
  }

  json::Value Take(const std::string& key, size_t index) {
    json::Value* array = holder_.find(key);
    if (array == nullptr || !array->is_array() || index >= array->size()) return json::Value();
    json::Value out = std::move(array->at(index));
    array->members().erase(array->members().begin() + static_cast<std::ptrdiff_t>(index));
    return out;
  }

  // Drops a list that became empty and a companion that holds only nulls.
  void Tidy() {
    json::Value* extensions = holder_.find(underscore_);
    if (extensions != nullptr && extensions->is_array()) {
      bool all_null = true;
      for (const json::Value::Member& m : extensions->members()) all_null &= m.value.is_null();
      if (all_null) holder_.erase(underscore_);
    }
    const json::Value* list = holder_.find(name_);
    if (list != nullptr && list->is_array() && list->empty()) holder_.erase(name_);
  }

  json::Value& holder_;
  std::string name_;
  std::string underscore_;
};

void AddToObject(json::Value& object, const std::string& name, NewValue value, bool repeats) {
  if (repeats) {
    ListRef list(object, name);
    list.Insert(list.size(), std::move(value));
    return;
  }
  object.set(name, std::move(value.value));
  if (!value.extension.is_null()) object.set("_" + name, std::move(value.extension));
}

// Puts `value` where the single element `old_name` of `holder` was, under
// `new_name` (which differs for a choice element that changes type).
void ReplaceInObject(json::Value& holder, const std::string& old_name, const std::string& new_name,
                     NewValue value) {
  for (json::Value::Member& m : holder.members()) {
    if (m.key == old_name) {
      m.key = new_name;
      m.value = std::move(value.value);
      break;
    }
  }
  holder.erase("_" + old_name);
  if (!value.extension.is_null()) holder.set("_" + new_name, std::move(value.extension));
}

// Drops the "_name" companions that operations left without content (the
// last extension of a primitive deleted): {} goes, and so does an array of
// them that holds nothing but nulls.
void DropEmptyCompanions(json::Value& value) {
  if (value.is_array()) {
    for (json::Value::Member& m : value.members()) DropEmptyCompanions(m.value);
    return;
  }
  if (!value.is_object()) return;
  std::vector<std::string> empty;
  for (json::Value::Member& m : value.members()) {
    DropEmptyCompanions(m.value);
    if (!m.key.starts_with('_')) continue;
    if (m.value.is_object() && m.value.empty()) empty.push_back(m.key);
    if (m.value.is_array()) {
      bool all_empty = true;
      for (json::Value::Member& e : m.value.members()) {
        if (e.value.is_object() && e.value.empty()) e.value = json::Value();
        all_empty &= e.value.is_null();
      }
      if (all_empty) empty.push_back(m.key);
    }
  }
  for (const std::string& key : empty) value.erase(key);
}

class Patcher {
 public:
  explicit Patcher(json::Value& resource) : resource_(resource) {}

  Status Apply(const Operation& op) {
    Result<Expression> path = Parse(op.path);
    if (!path.ok()) {
      return Status::Invalid(fmt::format("path: {}", path.status().message()), op.where + ".path");
    }
    switch (op.type) {
      case OperationType::kAdd:
        return Add(op, *path);
      case OperationType::kInsert:
      case OperationType::kMove:
        return ChangeList(op, *path);
      case OperationType::kDelete:
        return Delete(op, *path);
      case OperationType::kReplace:
        return Replace(op, *path);
    }
    return Status::Internal("unknown operation type");
  }

 private:
  // The one element `node` of the path's result selects: nullopt when none
  // and allow_none; kUnprocessable when several, or a computed value.
  Result<std::optional<Node>> OneElement(const Result<Collection>& items, const Operation& op,
                                         bool allow_none) {
    if (!items.ok()) {
      return Status::Invalid(fmt::format("path: {}", items.status().message()), op.where + ".path");
    }
    if (items->empty()) {
      if (allow_none) return std::optional<Node>();
      return Status::Unprocessable("the path selects no element", op.where + ".path");
    }
    if (items->size() > 1) {
      return Status::Unprocessable(
          fmt::format("the path selects {} elements; a patch path must select one", items->size()),
          op.where + ".path");
    }
    if (!items->front().is_node()) {
      return Status::Unprocessable("the path selects a computed value, not an element",
                                   op.where + ".path");
    }
    return std::optional<Node>(items->front().node());
  }

  Result<Collection> Evaluate(const Expression& path) {
    return fhirpath::Evaluate(path, resource_, context_);
  }

  // The object `node` stands for, to change it; kUnprocessable when the node
  // is not an object of this resource.
  Result<json::Value*> HolderOf(const Node& node, const Operation& op) {
    json::Value* holder = node.value != nullptr ? FindMutable(resource_, node.value) : nullptr;
    if (holder == nullptr || !holder->is_object()) {
      return Status::Unprocessable("the path must select a complex element of the resource",
                                   op.where + ".path");
    }
    return holder;
  }

  Status Add(const Operation& op, const Expression& path) {
    Result<std::optional<Node>> parent = OneElement(Evaluate(path), op, false);
    if (!parent.ok()) return parent.take_status();
    const fhir::TypeDefinition* type = (*parent)->type;
    if (type != nullptr && type->kind == fhir::TypeKind::kPrimitive) {
      return AddToPrimitive(op, **parent);
    }
    Result<json::Value*> holder = HolderOf(**parent, op);
    if (!holder.ok()) return holder.take_status();
    const fhir::ElementSet* children = ChildrenOf(**parent);
    const fhir::ElementDefinition* element = FindElement(children, op.name);
    if (children != nullptr && element == nullptr) {
      return Status::Unprocessable(
          fmt::format("{} has no element '{}'", NodeTypeName(**parent), op.name.substr(0, 64)),
          op.where + ".name");
    }
    Result<NewValue> value = ValueOf(*op.value, element, op.where + ".value");
    if (!value.ok()) return value.take_status();
    Result<std::string> name = JsonName(element, op.name, *value, op.where + ".value");
    if (!name.ok()) return name.take_status();
    json::Value& object = **holder;
    const bool repeats = element != nullptr
                             ? element->is_array()
                             : (object.find(*name) && object.find(*name)->is_array());
    if (!repeats && Has(object, children, element, *name)) {
      return Status::Unprocessable(
          fmt::format("{} is already present and does not repeat: use replace",
                      op.name.substr(0, 64)),
          op.where + ".name");
    }
    AddToObject(object, *name, std::move(value.value()), repeats);
    return Status::Ok();
  }

  // add on a primitive: its id or an extension, which live in its "_name"
  // companion.
  Status AddToPrimitive(const Operation& op, const Node& node) {
    if (op.name != "extension" && op.name != "id") {
      return Status::Unprocessable(
          fmt::format("{} is a primitive: only id and extension can be added to it",
                      node.type->name),
          op.where + ".name");
    }
    Result<ElementLocation> at = Locate(node, op);
    if (!at.ok()) return at.take_status();
    const fhir::TypeDefinition* extension = context_.registry->FindType("Extension");
    Result<NewValue> value =
        op.name == "id" ? ValueOf(*op.value, nullptr, "string", op.where + ".value")
                        : ValueOf(*op.value, extension != nullptr ? &extension->elements : nullptr,
                                  "Extension", op.where + ".value");
    if (!value.ok()) return value.take_status();
    json::Value& companion = Companion(*at);
    if (op.name == "extension") {
      AddToObject(companion, "extension", std::move(value.value()), true);
      return Status::Ok();
    }
    if (companion.find("id") != nullptr) {
      return Status::Unprocessable("the element already has an id: use replace",
                                   op.where + ".name");
    }
    companion.set("id", std::move(value->value));
    return Status::Ok();
  }

  // The "_name" object of the primitive at `at`, created when absent (with
  // nulls for the other elements of a list).
  static json::Value& Companion(const ElementLocation& at) {
    json::Value& holder = *at.holder;
    const std::string key = "_" + at.name;
    if (!at.index) {
      json::Value* companion = holder.find(key);
      if (companion == nullptr || !companion->is_object()) {
        companion = &holder.set(key, json::Value::Object());
      }
      return *companion;
    }
    const json::Value* list = holder.find(at.name);
    const size_t size =
        std::max(list != nullptr && list->is_array() ? list->size() : 0, *at.index + 1);
    json::Value* companions = holder.find(key);
    if (companions == nullptr || !companions->is_array()) {
      companions = &holder.set(key, json::Value::Array());
    }
    while (companions->size() < size) companions->push_back(json::Value());
    json::Value& companion = companions->at(*at.index);
    if (!companion.is_object()) companion = json::Value::Object();
    return companion;
  }

  // Whether `object` has the element (for a choice, of any type).
  static bool Has(const json::Value& object, const fhir::ElementSet* children,
                  const fhir::ElementDefinition* element, const std::string& json_name) {
    if (object.find(json_name) != nullptr || object.find("_" + json_name) != nullptr) return true;
    if (children == nullptr || element == nullptr) return false;
    for (const json::Value::Member& m : object.members()) {
      const fhir::ElementSet::Property* p = children->FindProperty(m.key);
      if (p != nullptr && p->element == element) return true;
    }
    return false;
  }

  // insert and move: the path ends in the name of the list, whose holder is
  // what the rest of the path selects (so an absent list can get its first
  // element).
  Status ChangeList(const Operation& op, const Expression& path) {
    const AstNode& root = path.root();
    if (root.kind != AstKind::kMember || root.target == nullptr) {
      return Status::Invalid("the path must end in the name of the list, as in Patient.identifier",
                             op.where + ".path");
    }
    const Item resource_item = Item::FromNode(RootNode(context_.registry, resource_));
    Evaluator evaluator(context_, resource_item, resource_item);
    const Collection focus{resource_item};
    const Scope scope{&focus, &focus[0], -1, nullptr};
    Result<std::optional<Node>> parent = OneElement(evaluator.Eval(*root.target, scope), op, false);
    if (!parent.ok()) return parent.take_status();
    Result<json::Value*> holder = HolderOf(**parent, op);
    if (!holder.ok()) return holder.take_status();
    const fhir::ElementSet* children = ChildrenOf(**parent);
    const fhir::ElementDefinition* element = FindElement(children, root.name);
    if (children != nullptr && (element == nullptr || element->is_choice)) {
      return Status::Unprocessable(
          fmt::format("{} has no list '{}'", NodeTypeName(**parent), root.name.substr(0, 64)),
          op.where + ".path");
    }
    if (element != nullptr && !element->is_array()) {
      return Status::Unprocessable(fmt::format("{} is not a list", element->path.substr(0, 64)),
                                   op.where + ".path");
    }
    ListRef list(**holder, root.name);
    const size_t size = list.size();
    auto in_range = [](int64_t i, size_t limit) {
      return i >= 0 && static_cast<uint64_t>(i) <= static_cast<uint64_t>(limit);
    };
    if (op.type == OperationType::kInsert) {
      if (!in_range(*op.index, size)) {
        return Status::Unprocessable(
            fmt::format("index {} is outside the list of {} elements", *op.index, size),
            op.where + ".index");
      }
      Result<NewValue> value = ValueOf(*op.value, element, op.where + ".value");
      if (!value.ok()) return value.take_status();
      list.Insert(static_cast<size_t>(*op.index), std::move(value.value()));
      return Status::Ok();
    }
    if (size == 0 || !in_range(*op.source, size - 1) || !in_range(*op.destination, size - 1)) {
      return Status::Unprocessable(
          fmt::format("source and destination must be positions in the list of {} elements", size),
          op.where);
    }
    NewValue moved = list.Erase(static_cast<size_t>(*op.source));
    list.Insert(static_cast<size_t>(*op.destination), std::move(moved));
    return Status::Ok();
  }

  Result<ElementLocation> Locate(const Node& node, const Operation& op) {
    std::optional<ElementLocation> location = LocateElement(resource_, node);
    if (!location) {
      return Status::Unprocessable(
          "the path must select an element inside the resource, not the resource itself",
          op.where + ".path");
    }
    return *location;
  }

  Status Delete(const Operation& op, const Expression& path) {
    Result<std::optional<Node>> node = OneElement(Evaluate(path), op, true);
    if (!node.ok()) return node.take_status();
    if (!node->has_value()) return Status::Ok();  // nothing to delete is no change
    Result<ElementLocation> at = Locate(**node, op);
    if (!at.ok()) return at.take_status();
    if (at->index) {
      ListRef(*at->holder, at->name).Erase(*at->index);
    } else {
      at->holder->erase(at->name);
      at->holder->erase("_" + at->name);
    }
    return Status::Ok();
  }

  Status Replace(const Operation& op, const Expression& path) {
    Result<std::optional<Node>> node = OneElement(Evaluate(path), op, false);
    if (!node.ok()) return node.take_status();
    const fhir::ElementDefinition* element = (*node)->element;
    Result<ElementLocation> at = Locate(**node, op);
    if (!at.ok()) return at.take_status();
    Result<NewValue> value = ValueOf(*op.value, element, op.where + ".value");
    if (!value.ok()) return value.take_status();
    if (at->index) {
      ListRef(*at->holder, at->name).Replace(*at->index, std::move(value.value()));
      return Status::Ok();
    }
    std::string name = at->name;
    if (element != nullptr && element->is_choice) {
      Result<std::string> json_name = JsonName(element, element->name, *value, op.where + ".value");
      if (!json_name.ok()) return json_name.take_status();
      name = *json_name;
    }
    ReplaceInObject(*at->holder, at->name, name, std::move(value.value()));
    return Status::Ok();
  }

  json::Value& resource_;
  EvalContext context_;
};

}  // namespace

Status ApplyFhirPathPatch(json::Value& resource, const json::Value& parameters) {
  if (!parameters.is_object() || parameters.get_string("resourceType") != "Parameters") {
    return Status::Invalid("a FHIRPath Patch is a Parameters resource", "resourceType");
  }
  const json::Value* operations = parameters.find("parameter");
  if (operations == nullptr || !operations->is_array() || operations->empty()) {
    return Status::Invalid("a FHIRPath Patch needs at least one operation", "Parameters.parameter");
  }
  // Every operation is read before any applies, so that a malformed patch
  // is reported as such whatever the resource.
  std::vector<Operation> ops;
  for (size_t i = 0; i < operations->size(); ++i) {
    Result<Operation> op =
        ParseOperation(operations->at(i), fmt::format("Parameters.parameter[{}]", i));
    if (!op.ok()) return op.take_status();
    ops.push_back(std::move(op.value()));
  }
  Patcher patcher(resource);
  for (const Operation& op : ops) LT_RETURN_IF_ERROR(patcher.Apply(op));
  DropEmptyCompanions(resource);
  return Status::Ok();
}

}  // namespace lienthong::fhirpath
