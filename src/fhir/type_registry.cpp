#include "fhir/type_registry.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>

#include "json/parser.h"
#include "json/value.h"

// Defined by r4_registry_data.S: the bytes of data/fhir/r4-registry.json.
extern "C" const char lienthong_fhir_r4_registry[];
extern "C" const uint64_t lienthong_fhir_r4_registry_size;

namespace lienthong::fhir {

ValueSetDefinition::ValueSetDefinition(std::string url, bool checkable)
    : url_(std::move(url)), checkable_(checkable) {}

void ValueSetDefinition::Add(std::string_view system, std::string_view code) {
  codes_.emplace(code);
  auto it = by_system_.find(system);
  if (it == by_system_.end()) it = by_system_.emplace(std::string(system), StringSet()).first;
  it->second.emplace(code);
}

bool ValueSetDefinition::ContainsCode(std::string_view code) const {
  return codes_.find(code) != codes_.end();
}

bool ValueSetDefinition::ContainsSystem(std::string_view system) const {
  return by_system_.find(system) != by_system_.end();
}

bool ValueSetDefinition::Contains(std::string_view system, std::string_view code) const {
  auto it = by_system_.find(system);
  return it != by_system_.end() && it->second.find(code) != it->second.end();
}

const ElementSet::Property* ElementSet::FindProperty(std::string_view json_name) const {
  auto it =
      std::lower_bound(properties_.begin(), properties_.end(), json_name,
                       [](const Property& p, std::string_view name) { return p.json_name < name; });
  return it != properties_.end() && it->json_name == json_name ? &*it : nullptr;
}

struct TypeRegistry::Data {
  std::vector<std::unique_ptr<TypeDefinition>> types;
  std::unordered_map<std::string_view, TypeDefinition*> types_by_name;
  std::deque<ElementDefinition> elements;
  std::unordered_map<std::string_view, ElementDefinition*> elements_by_path;
  std::deque<ElementSet> backbone_sets;
  std::unordered_map<std::string_view, const ElementSet*> sets_by_path;
  std::vector<std::unique_ptr<ValueSetDefinition>> value_sets;
  std::vector<std::string> resource_types;  // concrete, sorted
};

TypeRegistry::TypeRegistry() : data_(std::make_unique<Data>()) {}
TypeRegistry::~TypeRegistry() = default;

namespace {

PrimitiveKind PrimitiveKindOf(std::string_view name) {
  static const std::unordered_map<std::string_view, PrimitiveKind> kKinds = {
      {"boolean", PrimitiveKind::kBoolean},
      {"integer", PrimitiveKind::kInteger},
      {"positiveInt", PrimitiveKind::kPositiveInt},
      {"unsignedInt", PrimitiveKind::kUnsignedInt},
      {"decimal", PrimitiveKind::kDecimal},
      {"string", PrimitiveKind::kString},
      {"markdown", PrimitiveKind::kMarkdown},
      {"code", PrimitiveKind::kCode},
      {"id", PrimitiveKind::kId},
      {"uri", PrimitiveKind::kUri},
      {"url", PrimitiveKind::kUrl},
      {"canonical", PrimitiveKind::kCanonical},
      {"oid", PrimitiveKind::kOid},
      {"uuid", PrimitiveKind::kUuid},
      {"base64Binary", PrimitiveKind::kBase64Binary},
      {"date", PrimitiveKind::kDate},
      {"dateTime", PrimitiveKind::kDateTime},
      {"instant", PrimitiveKind::kInstant},
      {"time", PrimitiveKind::kTime},
      {"xhtml", PrimitiveKind::kXhtml},
  };
  auto it = kKinds.find(name);
  return it == kKinds.end() ? PrimitiveKind::kNone : it->second;
}

Status Corrupt(std::string what) { return Status::Invalid("fhir registry: " + std::move(what)); }

uint32_t ToCount(const json::Value& v) {
  if (v.text() == "-1") return ElementDefinition::kUnbounded;
  return static_cast<uint32_t>(std::strtoul(v.text().c_str(), nullptr, 10));
}

// Fills the JSON property lookup of a set whose elements are final.
void BuildProperties(std::vector<const ElementDefinition*>& elements,
                     std::vector<ElementSet::Property>& properties) {
  for (size_t i = 0; i < elements.size(); ++i) {
    const ElementDefinition* el = elements[i];
    auto add = [&](std::string name, uint16_t type_index, const TypeDefinition* type) {
      if (type && type->kind == TypeKind::kPrimitive) {
        properties.push_back({"_" + name, el, static_cast<uint16_t>(i), type_index, true});
      }
      properties.push_back({std::move(name), el, static_cast<uint16_t>(i), type_index, false});
    };
    if (el->is_choice) {
      for (size_t t = 0; t < el->types.size(); ++t) {
        std::string name = el->name;
        std::string type_name = el->types[t]->name;
        type_name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(type_name[0])));
        add(name + type_name, static_cast<uint16_t>(t), el->types[t]);
      }
    } else {
      add(el->name, 0, el->types.size() == 1 ? el->types[0] : nullptr);
    }
  }
  std::sort(properties.begin(), properties.end(),
            [](const auto& a, const auto& b) { return a.json_name < b.json_name; });
}

}  // namespace

Result<std::unique_ptr<TypeRegistry>> TypeRegistry::Load(std::string_view json_text) {
  json::ParseOptions parse_options;
  parse_options.max_depth = 16;
  auto parsed = json::Parse(json_text, parse_options);
  if (!parsed.ok()) return parsed.take_status();
  const json::Value& root = *parsed;
  const json::Value* types = root.find("types");
  const json::Value* value_sets = root.find("valueSets");
  if (!types || !types->is_array() || !value_sets || !value_sets->is_array()) {
    return Corrupt("missing types or valueSets");
  }
  std::unique_ptr<TypeRegistry> registry(new TypeRegistry());
  Data& d = *registry->data_;

  for (const auto& m : value_sets->members()) {
    const json::Value* checkable = m.value.find("checkable");
    auto vs = std::make_unique<ValueSetDefinition>(std::string(m.value.get_string("url")),
                                                   checkable && checkable->as_bool());
    if (const json::Value* include = m.value.find("include")) {
      for (const auto& pair : include->members()) {
        if (!pair.value.is_array() || pair.value.size() != 2) return Corrupt("bad value set");
        for (const auto& code : pair.value.at(1).members()) {
          vs->Add(pair.value.at(0).text(), code.value.text());
        }
      }
    }
    d.value_sets.push_back(std::move(vs));
  }

  for (const auto& m : types->members()) {
    auto type = std::make_unique<TypeDefinition>();
    type->name = std::string(m.value.get_string("name"));
    std::string_view kind = m.value.get_string("kind");
    type->kind = kind == "resource"    ? TypeKind::kResource
                 : kind == "primitive" ? TypeKind::kPrimitive
                                       : TypeKind::kComplex;
    type->primitive = PrimitiveKindOf(type->name);
    if (type->kind == TypeKind::kPrimitive && type->primitive == PrimitiveKind::kNone) {
      return Corrupt("unknown primitive type " + type->name);
    }
    const json::Value* is_abstract = m.value.find("abstract");
    type->is_abstract = is_abstract && is_abstract->as_bool();
    if (type->kind == TypeKind::kResource && !type->is_abstract) {
      d.resource_types.push_back(type->name);
    }
    d.types_by_name[type->name] = type.get();
    d.types.push_back(std::move(type));
  }
  std::sort(d.resource_types.begin(), d.resource_types.end());

  std::unordered_map<std::string_view, ElementSet*> backbone_sets;  // by element path
  for (size_t ti = 0; ti < types->size(); ++ti) {
    const json::Value& t = types->at(ti);
    TypeDefinition& type = *d.types[ti];
    if (std::string_view base = t.get_string("base"); !base.empty()) {
      auto it = d.types_by_name.find(base);
      if (it == d.types_by_name.end()) return Corrupt("unknown base type");
      type.base = it->second;
    }
    d.sets_by_path[type.name] = &type.elements;
    const json::Value* elements = t.find("elements");
    if (!elements) continue;
    for (const auto& em : elements->members()) {
      const json::Value& e = em.value;
      if (!e.is_array() || e.size() < 5) return Corrupt("bad element in " + type.name);
      ElementDefinition& el = d.elements.emplace_back();
      el.path = type.name + "." + e.at(0).text();
      std::string_view last = std::string_view(el.path).substr(el.path.rfind('.') + 1);
      el.is_choice = last.ends_with("[x]");
      el.name = std::string(el.is_choice ? last.substr(0, last.size() - 3) : last);
      el.min = ToCount(e.at(1));
      el.max = ToCount(e.at(2));
      int flags = std::atoi(e.at(3).text().c_str());
      el.is_summary = (flags & 1) != 0;
      el.is_modifier = (flags & 2) != 0;
      std::string_view type_codes = e.at(4).text();
      if (type_codes.starts_with('#')) {
        el.content_reference = std::string(type_codes);
      } else {
        while (!type_codes.empty()) {
          size_t bar = type_codes.find('|');
          std::string_view code = type_codes.substr(0, bar);
          auto it = d.types_by_name.find(code);
          if (it == d.types_by_name.end()) return Corrupt("unknown type in " + el.path);
          el.types.push_back(it->second);
          type_codes =
              bar == std::string_view::npos ? std::string_view() : type_codes.substr(bar + 1);
        }
      }
      if (e.size() > 5) {
        size_t index = std::strtoul(e.at(5).text().c_str(), nullptr, 10);
        if (index >= d.value_sets.size()) return Corrupt("bad binding in " + el.path);
        el.required_binding = d.value_sets[index].get();
      }
      d.elements_by_path[el.path] = &el;
      std::string_view parent_path = std::string_view(el.path).substr(0, el.path.rfind('.'));
      ElementSet* parent_set = nullptr;
      if (parent_path == type.name) {
        parent_set = &type.elements;
      } else {
        auto parent = d.elements_by_path.find(parent_path);
        if (parent == d.elements_by_path.end()) return Corrupt("orphan element " + el.path);
        ElementSet*& set = backbone_sets[parent->second->path];
        if (!set) {
          set = &d.backbone_sets.emplace_back();
          parent->second->children = set;
          d.sets_by_path[parent->second->path] = set;
        }
        parent_set = set;
      }
      parent_set->elements_.push_back(&el);
    }
  }

  for (ElementDefinition& el : d.elements) {
    if (el.content_reference.empty()) continue;
    auto target = d.elements_by_path.find(std::string_view(el.content_reference).substr(1));
    if (target == d.elements_by_path.end() || !target->second->children) {
      return Corrupt("bad contentReference in " + el.path);
    }
    el.children = target->second->children;
    el.types = target->second->types;
  }
  for (auto& type : d.types) {
    BuildProperties(type->elements.elements_, type->elements.properties_);
  }
  for (ElementSet& set : d.backbone_sets) BuildProperties(set.elements_, set.properties_);
  return registry;
}

const TypeRegistry& TypeRegistry::R4() {
  static const TypeRegistry* const registry = [] {
    auto loaded = Load(std::string_view(lienthong_fhir_r4_registry,
                                        static_cast<size_t>(lienthong_fhir_r4_registry_size)));
    if (!loaded.ok()) {
      std::fprintf(stderr, "embedded FHIR R4 registry: %s\n", loaded.status().ToString().c_str());
      std::abort();
    }
    return std::move(loaded).value().release();
  }();
  return *registry;
}

bool TypeRegistry::IsResourceType(std::string_view name) const {
  const TypeDefinition* type = FindType(name);
  return type && type->kind == TypeKind::kResource && !type->is_abstract;
}

std::vector<std::string> TypeRegistry::ResourceTypes() const { return data_->resource_types; }

const TypeDefinition* TypeRegistry::FindType(std::string_view name) const {
  auto it = data_->types_by_name.find(name);
  return it == data_->types_by_name.end() ? nullptr : it->second;
}

const ElementDefinition* TypeRegistry::FindElement(std::string_view path) const {
  auto it = data_->elements_by_path.find(path);
  return it == data_->elements_by_path.end() ? nullptr : it->second;
}

const ElementSet* TypeRegistry::FindElementSet(std::string_view type_or_path) const {
  auto it = data_->sets_by_path.find(type_or_path);
  return it == data_->sets_by_path.end() ? nullptr : it->second;
}

const ValueSetDefinition* TypeRegistry::FindValueSet(std::string_view url) const {
  if (const size_t bar = url.find('|'); bar != std::string_view::npos) url = url.substr(0, bar);
  for (const auto& vs : data_->value_sets) {
    std::string_view own = vs->url();
    if (const size_t bar = own.find('|'); bar != std::string_view::npos) own = own.substr(0, bar);
    if (own == url) return vs.get();
  }
  return nullptr;
}

}  // namespace lienthong::fhir
