// lienthong-gen-registry: turns the FHIR R4 definition bundles into the compact
// registry that lt_fhir embeds (data/fhir/r4-registry.json).
//
// Usage: lienthong-gen-registry <profiles-resources.json> <profiles-types.json>
//                               <valuesets.json> <output.json>
//
// Output shape (see data/fhir/README.md):
//   {"fhirVersion":"4.0.1",
//    "types":[{"name":"Patient","kind":"resource","abstract":false,"base":"DomainResource",
//              "elements":[[path, min, max, flags, types, valueSetIndex?], ...]}, ...],
//    "valueSets":[{"url":"...","checkable":true,"include":[[system,[code,...]],...]}, ...]}
// where path is relative to the type ("name.given"), max is -1 for "*", flags
// is 1 for isSummary plus 2 for isModifier, and types is "|"-joined type codes
// or "#Path" for a contentReference.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "json/parser.h"
#include "json/value.h"
#include "json/writer.h"

namespace {

using lienthong::json::Value;

constexpr std::string_view kFhirTypeExtension =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";

bool ReadJson(const char* file, Value& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "cannot open " << file << "\n";
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  lienthong::json::ParseOptions options;
  options.max_depth = 256;
  auto parsed = lienthong::json::Parse(buffer.str(), options);
  if (!parsed.ok()) {
    std::cerr << file << ": " << parsed.status().ToString() << "\n";
    return false;
  }
  out = std::move(parsed).value();
  return true;
}

std::string StripVersion(std::string_view url) { return std::string(url.substr(0, url.find('|'))); }

// One type code, mapping FHIRPath system types to the FHIR primitive they stand for.
std::string TypeCode(const Value& type) {
  if (const Value* ext = type.find("extension")) {
    for (const auto& m : ext->members()) {
      if (m.value.get_string("url") == kFhirTypeExtension) {
        return std::string(m.value.get_string("valueUrl"));
      }
    }
  }
  return std::string(type.get_string("code"));
}

// Expands ValueSets from compose.include; anything that needs a terminology
// server (filters, external systems without listed codes) is not checkable.
class ValueSetExpander {
 public:
  explicit ValueSetExpander(const Value& bundle) {
    for (const auto& entry : bundle.find("entry")->members()) {
      const Value& r = *entry.value.find("resource");
      std::string url = std::string(r.get_string("url"));
      if (r.get_string("resourceType") == "ValueSet") value_sets_[url] = &r;
      if (r.get_string("resourceType") == "CodeSystem") code_systems_[url] = &r;
    }
  }

  // On success fills `out` (system -> codes) and returns true.
  bool Expand(const std::string& url, std::map<std::string, std::set<std::string>>& out,
              int depth = 0) {
    auto it = value_sets_.find(url);
    if (it == value_sets_.end() || depth > 8) return false;
    const Value* compose = it->second->find("compose");
    if (!compose) return false;
    if (compose->find("exclude")) return false;
    const Value* includes = compose->find("include");
    if (!includes) return false;
    for (const auto& inc_member : includes->members()) {
      const Value& inc = inc_member.value;
      if (inc.find("filter")) return false;
      if (const Value* sets = inc.find("valueSet")) {
        if (inc.find("system")) return false;  // intersection: not worth it
        for (const auto& s : sets->members()) {
          if (!Expand(StripVersion(s.value.text()), out, depth + 1)) return false;
        }
        continue;
      }
      std::string system(inc.get_string("system"));
      if (system.empty()) return false;
      auto& codes = out[system];
      if (const Value* concepts = inc.find("concept")) {
        for (const auto& c : concepts->members())
          codes.insert(std::string(c.value.get_string("code")));
        continue;
      }
      auto cs = code_systems_.find(system);
      if (cs == code_systems_.end() || cs->second->get_string("content") != "complete") {
        return false;
      }
      if (const Value* concepts = cs->second->find("concept")) AddConcepts(*concepts, codes);
    }
    return true;
  }

 private:
  static void AddConcepts(const Value& concepts, std::set<std::string>& codes) {
    for (const auto& c : concepts.members()) {
      codes.insert(std::string(c.value.get_string("code")));
      if (const Value* nested = c.value.find("concept")) AddConcepts(*nested, codes);
    }
  }

  std::map<std::string, const Value*> value_sets_;
  std::map<std::string, const Value*> code_systems_;
};

class RegistryWriter {
 public:
  explicit RegistryWriter(ValueSetExpander& expander) : expander_(expander) {}

  // Adds every R4 StructureDefinition of `bundle` that defines a base type.
  void AddBundle(const Value& bundle) {
    for (const auto& entry : bundle.find("entry")->members()) {
      const Value& sd = *entry.value.find("resource");
      if (sd.get_string("resourceType") != "StructureDefinition") continue;
      if (sd.get_string("fhirVersion") != "4.0.1") continue;  // e.g. SubscriptionStatus (4.3.0)
      std::string_view kind = sd.get_string("kind");
      if (kind != "resource" && kind != "complex-type" && kind != "primitive-type") continue;
      if (sd.get_string("derivation") == "constraint") continue;  // profiles, not types
      types_.push_back(Type(sd));
    }
  }

  Value Build() {
    Value root = Value::Object();
    root.set("fhirVersion", Value::String("4.0.1"));
    Value types = Value::Array();
    for (auto& t : types_) types.push_back(std::move(t));
    root.set("types", std::move(types));
    root.set("valueSets", std::move(value_sets_));
    return root;
  }

 private:
  Value Type(const Value& sd) {
    std::string name(sd.get_string("type"));
    std::string_view kind = sd.get_string("kind");
    Value t = Value::Object();
    t.set("name", Value::String(name));
    t.set("kind", Value::String(kind == "resource"       ? "resource"
                                : kind == "complex-type" ? "complex"
                                                         : "primitive"));
    const Value* abstract = sd.find("abstract");
    t.set("abstract", Value::Bool(abstract && abstract->as_bool()));
    std::string_view base = sd.get_string("baseDefinition");
    if (!base.empty()) t.set("base", Value::String(std::string(base.substr(base.rfind('/') + 1))));
    Value elements = Value::Array();
    // Primitives are checked by hand-written rules; their elements add nothing.
    if (kind != "primitive-type") {
      for (const auto& m : sd.find("snapshot")->find("element")->members()) {
        const Value& el = m.value;
        std::string_view path = el.get_string("path");
        if (path.size() <= name.size()) continue;  // the root element
        elements.push_back(
            Element(el, std::string(path.substr(name.size() + 1)), kind == "resource"));
      }
    }
    t.set("elements", std::move(elements));
    return t;
  }

  Value Element(const Value& el, const std::string& rel_path, bool resource) {
    Value e = Value::Array();
    e.push_back(Value::String(rel_path));
    e.push_back(Value::Number(el.find("min") ? el.find("min")->text() : "0"));
    std::string_view max = el.get_string("max");
    e.push_back(max == "*" ? Value::Number(-1) : Value::Number(std::string(max)));
    int flags = 0;
    if (const Value* s = el.find("isSummary"); s && s->as_bool()) flags |= 1;
    if (const Value* s = el.find("isModifier"); s && s->as_bool()) flags |= 2;
    e.push_back(Value::Number(flags));
    std::string types;
    if (std::string_view ref = el.get_string("contentReference"); !ref.empty()) {
      types = std::string(ref);
    } else if (rel_path == "id" && resource) {
      types = "id";  // Resource.id is an id; the snapshot says string via the FHIRPath type
    } else if (const Value* list = el.find("type")) {
      for (const auto& t : list->members()) {
        if (!types.empty()) types += '|';
        types += TypeCode(t.value);
      }
    }
    e.push_back(Value::String(types));
    if (const Value* binding = el.find("binding");
        binding && binding->get_string("strength") == "required") {
      std::string_view vs = binding->get_string("valueSet");
      if (!vs.empty()) e.push_back(Value::Number(ValueSetIndex(StripVersion(vs))));
    }
    return e;
  }

  int64_t ValueSetIndex(const std::string& url) {
    auto it = value_set_index_.find(url);
    if (it != value_set_index_.end()) return it->second;
    Value vs = Value::Object();
    vs.set("url", Value::String(url));
    std::map<std::string, std::set<std::string>> codes;
    bool checkable = expander_.Expand(url, codes);
    vs.set("checkable", Value::Bool(checkable));
    if (checkable) {
      Value include = Value::Array();
      for (const auto& [system, list] : codes) {
        Value pair = Value::Array();
        pair.push_back(Value::String(system));
        Value code_list = Value::Array();
        for (const auto& c : list) code_list.push_back(Value::String(c));
        pair.push_back(std::move(code_list));
        include.push_back(std::move(pair));
      }
      vs.set("include", std::move(include));
    }
    int64_t index = static_cast<int64_t>(value_sets_.size());
    value_sets_.push_back(std::move(vs));
    value_set_index_[url] = index;
    return index;
  }

  ValueSetExpander& expander_;
  std::vector<Value> types_;
  Value value_sets_ = Value::Array();
  std::map<std::string, int64_t> value_set_index_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: " << argv[0]
              << " profiles-resources.json profiles-types.json valuesets.json output.json\n";
    return 2;
  }
  Value resources, types, value_sets;
  if (!ReadJson(argv[1], resources) || !ReadJson(argv[2], types) ||
      !ReadJson(argv[3], value_sets)) {
    return 1;
  }
  ValueSetExpander expander(value_sets);
  RegistryWriter writer(expander);
  writer.AddBundle(types);
  writer.AddBundle(resources);
  std::string text = lienthong::json::Write(writer.Build());
  text += '\n';
  std::ofstream out(argv[4], std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << "cannot write " << argv[4] << "\n";
    return 1;
  }
  std::cout << "wrote " << text.size() << " bytes to " << argv[4] << "\n";
  return 0;
}
