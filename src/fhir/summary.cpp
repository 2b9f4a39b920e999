#include "fhir/summary.h"

#include <algorithm>

#include "fhir/type_registry.h"

namespace lienthong::fhir {
namespace {

constexpr std::string_view kSubsettedSystem =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

const TypeDefinition* ResourceTypeOf(const json::Value& resource) {
  if (!resource.is_object()) return nullptr;
  const TypeDefinition* type = TypeRegistry::R4().FindType(resource.get_string("resourceType"));
  return type && type->kind == TypeKind::kResource ? type : nullptr;
}

// Removes the members for which keep(property) is false (unknown members
// included); returns whether anything was removed.
template <typename Keep>
bool Filter(json::Value& object, const ElementSet& set, Keep keep) {
  auto& members = object.members();
  size_t before = members.size();
  members.erase(std::remove_if(members.begin(), members.end(),
                               [&](const json::Value::Member& m) {
                                 if (m.key == "resourceType") return false;
                                 const ElementSet::Property* p = set.FindProperty(m.key);
                                 return p == nullptr || !keep(*p);
                               }),
                members.end());
  return members.size() != before;
}

bool SummarizeObject(json::Value& object, const ElementSet& set);

void SummarizeValue(json::Value& value, const ElementSet::Property& property, bool& removed) {
  if (!value.is_object()) return;
  const ElementDefinition& element = *property.element;
  if (element.children) {
    removed |= SummarizeObject(value, *element.children);
    return;
  }
  if (element.types.empty()) return;
  const TypeDefinition& type = *element.types[property.type_index];
  if (type.kind == TypeKind::kResource) {
    ApplySummary(value, SummaryMode::kTrue);
  } else if (type.kind == TypeKind::kComplex) {
    removed |= SummarizeObject(value, type.elements);
  }
}

bool SummarizeObject(json::Value& object, const ElementSet& set) {
  bool removed = Filter(object, set, [](const ElementSet::Property& p) {
    return p.element->is_summary || p.element->min > 0;
  });
  for (auto& member : object.members()) {
    const ElementSet::Property* property = set.FindProperty(member.key);
    if (!property || property->underscore) continue;
    if (member.value.is_array()) {
      for (auto& item : member.value.members()) SummarizeValue(item.value, *property, removed);
    } else {
      SummarizeValue(member.value, *property, removed);
    }
  }
  return removed;
}

bool IsAlwaysKept(const ElementDefinition& element) {
  return element.min > 0 || element.name == "id" || element.name == "meta";
}

void MarkSubsetted(json::Value& resource) {
  json::Value* meta = resource.find("meta");
  if (!meta || !meta->is_object()) {
    auto& members = resource.members();
    auto at = std::find_if(members.begin(), members.end(),
                           [](const json::Value::Member& m) { return m.key == "id"; });
    at = at == members.end() ? members.begin() + (members.empty() ? 0 : 1) : at + 1;
    if (meta) resource.erase("meta");
    meta = &members.insert(at, json::Value::Member{"meta", json::Value::Object()})->value;
  }
  json::Value* tags = meta->find("tag");
  if (!tags || !tags->is_array()) tags = &meta->set("tag", json::Value::Array());
  for (const auto& tag : tags->members()) {
    if (tag.value.get_string("system") == kSubsettedSystem &&
        tag.value.get_string("code") == "SUBSETTED") {
      return;
    }
  }
  json::Value tag = json::Value::Object();
  tag.set("system", json::Value::String(std::string(kSubsettedSystem)));
  tag.set("code", json::Value::String("SUBSETTED"));
  tag.set("display", json::Value::String("Resource encoded in summary mode"));
  tags->push_back(std::move(tag));
}

}  // namespace

Result<SummaryMode> ParseSummaryMode(std::string_view text) {
  if (text == "true") return SummaryMode::kTrue;
  if (text == "false") return SummaryMode::kFalse;
  if (text == "text") return SummaryMode::kText;
  if (text == "data") return SummaryMode::kData;
  if (text == "count") return SummaryMode::kCount;
  return Status::Invalid("_summary must be one of true, false, text, data, count", "_summary");
}

void ApplySummary(json::Value& resource, SummaryMode mode) {
  const TypeDefinition* type = ResourceTypeOf(resource);
  if (!type) return;
  bool removed = false;
  switch (mode) {
    case SummaryMode::kFalse:
    case SummaryMode::kCount:
      return;
    case SummaryMode::kData:
      removed = resource.erase("text");
      removed |= resource.erase("_text");
      break;
    case SummaryMode::kText:
      removed = Filter(resource, type->elements, [](const ElementSet::Property& p) {
        return IsAlwaysKept(*p.element) || p.element->name == "text";
      });
      break;
    case SummaryMode::kTrue:
      removed = SummarizeObject(resource, type->elements);
      break;
  }
  if (removed) MarkSubsetted(resource);
}

void ApplyElements(json::Value& resource, const std::vector<std::string>& elements) {
  const TypeDefinition* type = ResourceTypeOf(resource);
  if (!type) return;
  std::vector<std::string_view> names;
  names.reserve(elements.size());
  for (const std::string& e : elements) {
    std::string_view name = e;
    if (name.starts_with(type->name) && name.size() > type->name.size() &&
        name[type->name.size()] == '.') {
      name.remove_prefix(type->name.size() + 1);
    }
    names.push_back(name.substr(0, name.find('.')));
  }
  auto listed = [&](std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  bool removed = Filter(resource, type->elements, [&](const ElementSet::Property& p) {
    std::string_view json_name = p.json_name;
    if (p.underscore) json_name.remove_prefix(1);
    return IsAlwaysKept(*p.element) || listed(p.element->name) || listed(json_name);
  });
  if (removed) MarkSubsetted(resource);
}

}  // namespace lienthong::fhir
