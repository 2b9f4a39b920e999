#include "fhir/validator.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "fhir/primitive_format.h"
#include "fhir/type_registry.h"

namespace lienthong::fhir {
namespace {

class Validator {
 public:
  Validator(const TypeRegistry& registry, const ValidationOptions& options)
      : registry_(registry),
        options_(options),
        element_type_(registry.FindType("Element")),
        coding_type_(registry.FindType("Coding")),
        codeable_concept_type_(registry.FindType("CodeableConcept")) {
    path_.reserve(16);
    counts_.reserve(256);
    variants_.reserve(256);
  }

  void Resource(const json::Value& value, bool root);

  std::vector<Issue> TakeIssues() { return std::move(issues_); }

 private:
  struct Segment {
    std::string_view name;
    int64_t index;  // -1 when the segment has no index
  };

  void Push(std::string_view name, int64_t index = -1) { path_.push_back({name, index}); }
  void Pop() { path_.pop_back(); }

  std::string Expression() const {
    std::string out;
    for (const Segment& s : path_) {
      if (!out.empty()) out += '.';
      out += s.name;
      if (s.index >= 0) {
        out += '[';
        out += std::to_string(s.index);
        out += ']';
      }
    }
    return out;
  }

  // An issue at the current path, or at its child `child` when given.
  void Error(IssueType type, const char* message, std::string_view child = {}) {
    if (issues_.size() >= std::max<size_t>(options_.max_issues, 1)) return;
    std::string expression = Expression();
    if (!child.empty()) {
      if (!expression.empty()) expression += '.';
      expression += child;
    }
    issues_.push_back(Issue{Issue::Severity::kError, type, message, std::move(expression)});
  }

  void Object(const json::Value& value, const ElementSet& set, bool resource_root);
  uint32_t Primitive(const json::Value* value, const json::Value* extension,
                     const ElementDefinition& element, const TypeDefinition& type,
                     std::string_view name);
  void PrimitiveValue(const json::Value& value, const ElementDefinition& element,
                      const TypeDefinition& type);
  void PrimitiveExtension(const json::Value& value);
  uint32_t Complex(const json::Value& value, const ElementDefinition& element,
                   const TypeDefinition* type, std::string_view name);
  void ComplexValue(const json::Value& value, const ElementDefinition& element,
                    const TypeDefinition* type);
  void Coding(const json::Value& coding, const ValueSetDefinition& value_set);

  const TypeRegistry& registry_;
  const ValidationOptions& options_;
  const TypeDefinition* element_type_;
  const TypeDefinition* coding_type_;
  const TypeDefinition* codeable_concept_type_;
  std::vector<Issue> issues_;
  std::vector<Segment> path_;
  // Per-object scratch used as a stack: occurrences and chosen variant of each
  // element of the objects being walked.
  std::vector<uint32_t> counts_;
  std::vector<int32_t> variants_;
  std::string partner_;  // "_name" lookups
};

void Validator::Resource(const json::Value& value, bool root) {
  if (!value.is_object()) {
    Error(IssueType::kStructure, "a resource must be a JSON object");
    return;
  }
  const json::Value* resource_type = value.find("resourceType");
  if (!resource_type || !resource_type->is_string()) {
    Error(IssueType::kRequired, "resourceType is missing or not a string", "resourceType");
    return;
  }
  const TypeDefinition* type = registry_.FindType(resource_type->text());
  if (!type || type->kind != TypeKind::kResource) {
    Error(IssueType::kValue, "unknown resourceType", "resourceType");
    return;
  }
  if (type->is_abstract) {
    Error(IssueType::kValue, "resourceType is abstract", "resourceType");
    return;
  }
  bool pushed = path_.empty();
  if (pushed) Push(type->name);
  if (root) {
    bool has_id = value.find("id") != nullptr;
    if (options_.id == ValidationOptions::IdRule::kRequired && !has_id) {
      Error(IssueType::kRequired, "id is required", "id");
    } else if (options_.id == ValidationOptions::IdRule::kForbidden && has_id) {
      Error(IssueType::kInvalid, "id is not allowed here", "id");
    }
  }
  Object(value, type->elements, true);
  if (pushed) Pop();
}

void Validator::Object(const json::Value& value, const ElementSet& set, bool resource_root) {
  if (value.empty()) {
    Error(IssueType::kStructure, "empty object");
    return;
  }
  const size_t base = counts_.size();
  const size_t n = set.elements().size();
  counts_.resize(base + n, 0);
  variants_.resize(base + n, -1);
  for (const auto& member : value.members()) {
    const std::string& key = member.key;
    if (key == "resourceType") {
      if (!resource_root) {
        Error(IssueType::kStructure, "resourceType is only allowed at a resource root", key);
      }
      continue;
    }
    const ElementSet::Property* property = set.FindProperty(key);
    if (!property) {
      Error(IssueType::kStructure, "unknown element", key);
      continue;
    }
    const ElementDefinition& element = *property->element;
    const size_t slot = base + property->index;
    if (element.is_choice) {
      if (variants_[slot] >= 0 && variants_[slot] != property->type_index) {
        Error(IssueType::kStructure, "more than one type given for a choice element", key);
        continue;
      }
      variants_[slot] = property->type_index;
    }
    const TypeDefinition* type =
        element.types.empty() ? nullptr : element.types[property->type_index];
    if (type && type->kind == TypeKind::kPrimitive) {
      const json::Value* primitive = nullptr;
      const json::Value* extension = nullptr;
      std::string_view name = key;
      if (property->underscore) {
        name.remove_prefix(1);
        if (value.find(name)) continue;  // checked with its value
        extension = &member.value;
      } else {
        partner_.clear();
        partner_.push_back('_');
        partner_.append(key.data(), key.size());
        primitive = &member.value;
        extension = value.find(partner_);
      }
      counts_[slot] += Primitive(primitive, extension, element, *type, name);
    } else {
      counts_[slot] += Complex(member.value, element, type, key);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const ElementDefinition& element = *set.elements()[i];
    uint32_t count = counts_[base + i];
    if (count < element.min) {
      Error(IssueType::kRequired, "required element is missing", element.name);
    } else if (count > element.max) {
      Error(IssueType::kStructure, "too many values for this element", element.name);
    }
  }
  counts_.resize(base);
  variants_.resize(base);
}

uint32_t Validator::Primitive(const json::Value* value, const json::Value* extension,
                              const ElementDefinition& element, const TypeDefinition& type,
                              std::string_view name) {
  if (!element.is_array()) {
    if ((value && value->is_array()) || (extension && extension->is_array())) {
      Error(IssueType::kStructure, "an array was given for a single-valued element", name);
      return 1;
    }
    Push(name);
    if (value) {
      if (value->is_null()) {
        Error(IssueType::kStructure, "null is not allowed");
      } else {
        PrimitiveValue(*value, element, type);
      }
    }
    if (extension) PrimitiveExtension(*extension);
    Pop();
    return 1;
  }
  for (const json::Value* v : {value, extension}) {
    if (!v) continue;
    if (!v->is_array()) {
      Error(IssueType::kStructure, "expected an array for a repeating element", name);
      return 1;
    }
    if (v->empty()) {
      Error(IssueType::kStructure, "empty array", name);
      return 1;
    }
  }
  if (value && extension && value->size() != extension->size()) {
    Error(IssueType::kStructure, "value and extension arrays differ in length", name);
  }
  size_t size = std::max(value ? value->size() : 0, extension ? extension->size() : 0);
  for (size_t i = 0; i < size; ++i) {
    const json::Value* v = value && i < value->size() ? &value->at(i) : nullptr;
    const json::Value* e = extension && i < extension->size() ? &extension->at(i) : nullptr;
    bool v_null = !v || v->is_null();
    bool e_null = !e || e->is_null();
    Push(name, static_cast<int64_t>(i));
    if (v_null && e_null) {
      Error(IssueType::kStructure, "null is not allowed without an extension");
    }
    if (!v_null) PrimitiveValue(*v, element, type);
    if (!e_null) PrimitiveExtension(*e);
    Pop();
  }
  return static_cast<uint32_t>(size);
}

void Validator::PrimitiveValue(const json::Value& value, const ElementDefinition& element,
                               const TypeDefinition& type) {
  if (value.is_object() || value.is_array()) {
    Error(IssueType::kStructure, "expected a primitive value");
    return;
  }
  if (const char* problem = CheckPrimitive(type.primitive, value)) {
    Error(IssueType::kValue, problem);
    return;
  }
  const ValueSetDefinition* binding = element.required_binding;
  if (binding && binding->checkable() && type.primitive == PrimitiveKind::kCode &&
      !binding->ContainsCode(value.text())) {
    Error(IssueType::kCodeInvalid, "code is not in the required value set");
  }
}

void Validator::PrimitiveExtension(const json::Value& value) {
  if (!value.is_object()) {
    Error(IssueType::kStructure, "the extension form of a primitive must be an object");
    return;
  }
  Object(value, element_type_->elements, false);
}

uint32_t Validator::Complex(const json::Value& value, const ElementDefinition& element,
                            const TypeDefinition* type, std::string_view name) {
  if (!element.is_array()) {
    if (value.is_array()) {
      Error(IssueType::kStructure, "an array was given for a single-valued element", name);
      return 1;
    }
    Push(name);
    ComplexValue(value, element, type);
    Pop();
    return 1;
  }
  if (!value.is_array()) {
    Error(IssueType::kStructure, "expected an array for a repeating element", name);
    return 1;
  }
  if (value.empty()) {
    Error(IssueType::kStructure, "empty array", name);
    return 1;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    Push(name, static_cast<int64_t>(i));
    ComplexValue(value.at(i), element, type);
    Pop();
  }
  return static_cast<uint32_t>(value.size());
}

void Validator::ComplexValue(const json::Value& value, const ElementDefinition& element,
                             const TypeDefinition* type) {
  if (value.is_null()) {
    Error(IssueType::kStructure, "null is not allowed");
    return;
  }
  if (!value.is_object()) {
    Error(IssueType::kStructure, "expected an object");
    return;
  }
  if (element.children) {
    Object(value, *element.children, false);
  } else if (!type) {
    Error(IssueType::kStructure, "element has no type");
  } else if (type->kind == TypeKind::kResource) {
    if (!options_.validate_bundle_entries && element.path == "Bundle.entry.resource") {
      if (!value.find("resourceType")) Error(IssueType::kRequired, "resource has no resourceType");
    } else {
      Resource(value, false);
    }
  } else {
    Object(value, type->elements, false);
  }
  const ValueSetDefinition* binding = element.required_binding;
  if (!binding || !binding->checkable()) return;
  if (type == coding_type_) {
    Coding(value, *binding);
  } else if (type == codeable_concept_type_) {
    const json::Value* codings = value.find("coding");
    if (!codings || !codings->is_array()) return;
    for (size_t i = 0; i < codings->size(); ++i) {
      Push("coding", static_cast<int64_t>(i));
      Coding(codings->at(i), *binding);
      Pop();
    }
  }
}

void Validator::Coding(const json::Value& coding, const ValueSetDefinition& value_set) {
  std::string_view system = coding.get_string("system");
  const json::Value* code = coding.find("code");
  if (system.empty() || !code || !code->is_string()) return;
  if (value_set.ContainsSystem(system) && !value_set.Contains(system, code->text())) {
    Error(IssueType::kCodeInvalid, "code is not in the required value set", "code");
  }
}

}  // namespace

Status Validate(const json::Value& resource, const ValidationOptions& options) {
  Validator validator(TypeRegistry::R4(), options);
  validator.Resource(resource, true);
  std::vector<Issue> issues = validator.TakeIssues();
  if (issues.empty()) return Status();
  return Status(ErrorCode::kUnprocessable, "resource failed validation", std::move(issues));
}

}  // namespace lienthong::fhir
