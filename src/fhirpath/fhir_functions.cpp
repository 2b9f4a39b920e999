// The functions FHIR adds to FHIRPath: extension(), hasValue(), getValue(),
// resolve(), conformsTo(), memberOf(), htmlChecks() and the trivial
// elementDefinition(), slice() and checkModifiers().
#include <fmt/format.h>

#include "fhirpath/evaluator.h"
#include "fhirpath/functions.h"
#include "fhirpath/navigation.h"

namespace lienthong::fhirpath {
namespace {

constexpr std::string_view kCoreProfilePrefix = "http://hl7.org/fhir/StructureDefinition/";

Result<Collection> Extension(const Invocation& call) {
  Result<std::optional<std::string>> url = call.StringArg(0);
  if (!url.ok()) return url.take_status();
  if (!*url) return Collection();
  Collection extensions;
  for (const Item& item : call.input) {
    AppendChildren(call.evaluator.registry(), item, "extension", "_extension", extensions);
  }
  Collection out;
  for (const Item& ext : extensions) {
    if (ext.is_node() && ext.node().value != nullptr && ext.node().value->is_object() &&
        ext.node().value->get_string("url") == **url) {
      out.push_back(ext);
    }
  }
  return out;
}

bool IsPrimitiveNode(const Item& item) {
  if (!item.is_node()) return true;
  const Node& n = item.node();
  if (n.type != nullptr) return n.type->kind == fhir::TypeKind::kPrimitive;
  return n.value != nullptr && !n.value->is_object() && !n.value->is_array();
}

Result<Collection> HasValue(const Invocation& call) {
  if (call.input.size() != 1) return BooleanResult(false);
  const Item& item = call.input[0];
  if (!IsPrimitiveNode(item)) return BooleanResult(false);
  return BooleanResult(!item.is_node() || item.node().value != nullptr);
}

Result<Collection> GetValue(const Invocation& call) {
  if (call.input.size() != 1 || !IsPrimitiveNode(call.input[0])) return Collection();
  std::optional<Item> v = ToSystem(call.input[0]);
  if (!v) return Collection();
  return Collection{std::move(*v)};
}

// "Patient/123" at the end of a reference, or of a resource's location.
bool ReferenceMatches(std::string_view reference, const json::Value& resource) {
  const std::string_view type = resource.get_string("resourceType");
  const std::string_view id = resource.get_string("id");
  if (type.empty() || id.empty()) return false;
  const std::string tail = fmt::format("{}/{}", type, id);
  if (reference == tail) return true;
  return reference.size() > tail.size() && reference.ends_with(tail) &&
         reference[reference.size() - tail.size() - 1] == '/';
}

// The resource type named by a relative or absolute literal reference
// ("Patient/1", "http://x/fhir/Patient/1/_history/2"); nullptr otherwise.
// "Patient/1" from a relative or absolute literal reference, split into type
// and id; false when the reference is not of that form.
bool SplitReference(std::string_view reference, std::string_view& type, std::string_view& id) {
  if (const size_t history = reference.find("/_history/"); history != std::string_view::npos) {
    reference = reference.substr(0, history);
  }
  const size_t last = reference.rfind('/');
  if (last == std::string_view::npos || last == 0 || last + 1 == reference.size()) return false;
  const size_t before = reference.rfind('/', last - 1);
  const size_t start = before == std::string_view::npos ? 0 : before + 1;
  type = reference.substr(start, last - start);
  id = reference.substr(last + 1);
  return true;
}

// The resource type named by a relative or absolute literal reference
// ("Patient/1", "http://x/fhir/Patient/1/_history/2"); nullptr otherwise.
const fhir::TypeDefinition* ReferencedType(const fhir::TypeRegistry* registry,
                                           std::string_view reference) {
  std::string_view type, id;
  if (registry == nullptr || !SplitReference(reference, type, id)) return nullptr;
  return registry->IsResourceType(type) ? registry->FindType(type) : nullptr;
}

const json::Value* FindInBundle(const json::Value& bundle, std::string_view reference) {
  if (bundle.get_string("resourceType") != "Bundle") return nullptr;
  const json::Value* entries = bundle.find("entry");
  if (entries == nullptr || !entries->is_array()) return nullptr;
  for (const auto& e : entries->members()) {
    const json::Value* resource = e.value.find("resource");
    if (resource == nullptr) continue;
    if (e.value.get_string("fullUrl") == reference) return resource;
  }
  for (const auto& e : entries->members()) {
    const json::Value* resource = e.value.find("resource");
    if (resource != nullptr && ReferenceMatches(reference, *resource)) return resource;
  }
  return nullptr;
}

const json::Value* FindContained(const json::Value& container, std::string_view id) {
  const json::Value* contained = container.find("contained");
  if (contained == nullptr || !contained->is_array()) return nullptr;
  for (const auto& c : contained->members()) {
    if (c.value.get_string("id") == id) return &c.value;
  }
  return nullptr;
}

Result<Collection> Resolve(const Invocation& call) {
  Collection out;
  Evaluator& ev = call.evaluator;
  for (const Item& item : call.input) {
    std::string_view reference;
    if (item.is_node() && item.node().value != nullptr) {
      const json::Value& v = *item.node().value;
      reference = v.is_object() ? v.get_string("reference") : std::string_view(v.text());
      if (!v.is_object() && !v.is_string()) continue;
    } else if (item.kind() == ItemKind::kString) {
      reference = item.string();
    }
    if (reference.empty()) continue;
    const json::Value* found = nullptr;
    if (reference.front() == '#') {
      for (const Item* container : {&ev.resource(), &ev.root()}) {
        const json::Value* c = container->is_node() ? container->node().value : nullptr;
        if (c == nullptr) continue;
        found = reference.size() == 1 ? c : FindContained(*c, reference.substr(1));
        if (found != nullptr) break;
      }
    } else {
      if (ev.root().is_node() && ev.root().node().value != nullptr) {
        found = FindInBundle(*ev.root().node().value, reference);
      }
      if (found == nullptr && ev.context().resolver) found = ev.context().resolver(reference);
    }
    if (found != nullptr) {
      out.push_back(Item::FromNode(RootNode(ev.registry(), *found)));
    } else if (const fhir::TypeDefinition* type = ReferencedType(ev.registry(), reference)) {
      // Not found: a content-less stand-in of the referenced type, so that
      // search expressions such as "subject.where(resolve() is Patient)"
      // work without fetching the target.
      Node stand_in;
      stand_in.type = type;
      out.push_back(Item::FromNode(stand_in));
    }
  }
  return out;
}

// SQL on FHIR: a key for the resource that getReferenceKey() of a reference
// to it equals (its id).
Result<Collection> GetResourceKey(const Invocation& call) {
  Collection out;
  for (const Item& item : call.input) {
    if (!item.is_node() || item.node().value == nullptr || !item.node().value->is_object()) {
      continue;
    }
    const json::Value& v = *item.node().value;
    if (v.find("resourceType") == nullptr) continue;
    const std::string_view id = v.get_string("id");
    if (!id.empty()) out.push_back(Item::String(std::string(id)));
  }
  return out;
}

// SQL on FHIR: the key of the resource a Reference points to, optionally only
// when it points to the given type.
Result<Collection> GetReferenceKey(const Invocation& call) {
  Collection out;
  for (const Item& item : call.input) {
    if (!item.is_node() || item.node().value == nullptr || !item.node().value->is_object()) {
      continue;
    }
    std::string_view type, id;
    if (!SplitReference(item.node().value->get_string("reference"), type, id)) continue;
    if (call.arg_count() > 0 && type != call.node.type.name) continue;
    out.push_back(Item::String(std::string(id)));
  }
  return out;
}

Result<Collection> ConformsTo(const Invocation& call) {
  Result<std::optional<std::string>> url = call.StringArg(0);
  if (!url.ok()) return url.take_status();
  if (!*url || call.input.empty()) return Collection();
  if (call.input.size() > 1) return call.Error("conformsTo() needs a single input item");
  const fhir::TypeRegistry* registry = call.evaluator.registry();
  const std::string& profile = **url;
  if (registry == nullptr || !profile.starts_with(kCoreProfilePrefix) ||
      registry->FindType(std::string_view(profile).substr(kCoreProfilePrefix.size())) == nullptr) {
    return call.Error("cannot resolve the profile " + profile);
  }
  const TypeSpecifier type{"FHIR", profile.substr(kCoreProfilePrefix.size())};
  Result<bool> is = IsOfType(registry, call.input[0], type);
  if (!is.ok()) return call.Error(is.status().message());
  return BooleanResult(*is);
}

Result<Collection> MemberOf(const Invocation& call) {
  Result<std::optional<std::string>> url = call.StringArg(0);
  if (!url.ok()) return url.take_status();
  if (!*url || call.input.size() != 1) return Collection();
  const fhir::TypeRegistry* registry = call.evaluator.registry();
  const fhir::ValueSetDefinition* vs = registry ? registry->FindValueSet(**url) : nullptr;
  if (vs == nullptr || !vs->checkable()) return Collection();
  const Item& item = call.input[0];
  if (!item.is_node() || item.node().value == nullptr) {
    std::optional<Item> s = ToSystem(item);
    if (!s || s->kind() != ItemKind::kString) return Collection();
    return BooleanResult(vs->ContainsCode(s->string()));
  }
  const json::Value& v = *item.node().value;
  if (v.is_string()) return BooleanResult(vs->ContainsCode(v.text()));
  if (!v.is_object()) return Collection();
  auto coding_in = [&](const json::Value& coding) {
    const std::string_view system = coding.get_string("system");
    const std::string_view code = coding.get_string("code");
    return system.empty() ? vs->ContainsCode(code) : vs->Contains(system, code);
  };
  if (const json::Value* codings = v.find("coding"); codings != nullptr && codings->is_array()) {
    for (const auto& c : codings->members()) {
      if (coding_in(c.value)) return BooleanResult(true);
    }
    return BooleanResult(false);
  }
  if (v.find("code") != nullptr) return BooleanResult(coding_in(v));
  return Collection();
}

Result<Collection> HtmlChecks(const Invocation& call) {
  (void)call;
  return BooleanResult(true);
}

Result<Collection> Nothing(const Invocation& call) {
  (void)call;
  return Collection();
}

Result<Collection> Identity(const Invocation& call) { return call.input; }

}  // namespace

void AddFhirFunctions(FunctionTable& table) {
  table.insert(table.end(), {
                                {"extension", 1, 1, false, Extension},
                                {"hasValue", 0, 0, false, HasValue},
                                {"getValue", 0, 0, false, GetValue},
                                {"resolve", 0, 0, false, Resolve},
                                {"conformsTo", 1, 1, false, ConformsTo},
                                {"getResourceKey", 0, 0, false, GetResourceKey},
                                {"getReferenceKey", 0, 1, true, GetReferenceKey},
                                {"memberOf", 1, 1, false, MemberOf},
                                {"htmlChecks", 0, 0, false, HtmlChecks},
                                {"htmlChecks2", 0, 0, false, HtmlChecks},
                                {"elementDefinition", 0, 0, false, Nothing},
                                {"slice", 2, 2, false, Nothing},
                                {"checkModifiers", 0, 8, false, Identity},
                            });
}

}  // namespace lienthong::fhirpath
