#include "search/search_registry.h"

#include <fmt/format.h>

#include <cstdlib>

#include "fhir/type_registry.h"
#include "json/parser.h"

extern "C" {
extern const char lienthong_search_r4[];
extern const uint64_t lienthong_search_r4_size;
}

namespace lienthong::search {
namespace {

// Splits an expression at its top-level '|' (outside parentheses, brackets
// and string literals).
std::vector<std::string_view> SplitUnion(std::string_view text) {
  std::vector<std::string_view> parts;
  int depth = 0;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\\')
        ++i;
      else if (c == '\'')
        quoted = false;
      continue;
    }
    if (c == '\'')
      quoted = true;
    else if (c == '(' || c == '[')
      ++depth;
    else if (c == ')' || c == ']')
      --depth;
    else if (c == '|' && depth == 0) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// The type a branch starts from ("Observation" in "(Observation.value as
// Quantity)"), or empty when it does not start with a name.
std::string_view LeadingName(std::string_view branch) {
  while (!branch.empty() && (branch.front() == '(' || branch.front() == ' '))
    branch.remove_prefix(1);
  size_t n = 0;
  while (n < branch.size() && (std::isalnum(static_cast<unsigned char>(branch[n])) != 0)) ++n;
  return branch.substr(0, n);
}

// The branches of `expression` that apply to `type`, joined again.
std::string BranchesFor(std::string_view expression, std::string_view type,
                        const fhir::TypeRegistry& types) {
  std::string out;
  for (std::string_view branch : SplitUnion(expression)) {
    branch = Trim(branch);
    const std::string_view lead = LeadingName(branch);
    const bool other_type = lead != type && lead != "Resource" && lead != "DomainResource" &&
                            types.IsResourceType(lead);
    if (other_type) continue;
    if (!out.empty()) out += " | ";
    out += branch;
  }
  return out;
}

bool IsDomainResource(const fhir::TypeDefinition* t) {
  for (; t != nullptr; t = t->base) {
    if (t->name == "DomainResource") return true;
  }
  return false;
}

std::vector<std::string> Strings(const json::Value* array) {
  std::vector<std::string> out;
  if (array == nullptr) return out;
  for (const auto& m : array->members()) out.push_back(m.value.text());
  return out;
}

}  // namespace

bool ParseParamType(std::string_view name, ParamType& type) {
  static constexpr std::pair<std::string_view, ParamType> kTypes[] = {
      {"number", ParamType::kNumber},       {"date", ParamType::kDate},
      {"string", ParamType::kString},       {"token", ParamType::kToken},
      {"reference", ParamType::kReference}, {"composite", ParamType::kComposite},
      {"quantity", ParamType::kQuantity},   {"uri", ParamType::kUri},
      {"special", ParamType::kSpecial},
  };
  for (const auto& [n, t] : kTypes) {
    if (n == name) {
      type = t;
      return true;
    }
  }
  return false;
}

const char* ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kNumber:
      return "number";
    case ParamType::kDate:
      return "date";
    case ParamType::kString:
      return "string";
    case ParamType::kToken:
      return "token";
    case ParamType::kReference:
      return "reference";
    case ParamType::kComposite:
      return "composite";
    case ParamType::kQuantity:
      return "quantity";
    case ParamType::kUri:
      return "uri";
    case ParamType::kSpecial:
      return "special";
  }
  return "";
}

const SearchRegistry& SearchRegistry::R4() {
  static const SearchRegistry* registry = [] {
    Result<std::unique_ptr<SearchRegistry>> loaded =
        Load(std::string_view(lienthong_search_r4, static_cast<size_t>(lienthong_search_r4_size)));
    if (!loaded.ok()) {
      fmt::print(stderr, "lienthong: the embedded search registry is corrupt: {}\n",
                 loaded.status().message());
      std::abort();
    }
    return loaded.value().release();
  }();
  return *registry;
}

namespace {

// FNV-1a over what decides a parameter's index entries, as hex.
std::string Fingerprint(const std::vector<std::unique_ptr<SearchParameter>>& params) {
  uint64_t hash = 14695981039346656037ull;
  auto mix = [&hash](std::string_view s) {
    for (char c : s) {
      hash ^= static_cast<uint8_t>(c);
      hash *= 1099511628211ull;
    }
    hash ^= 0xff;  // a separator no UTF-8 text holds
    hash *= 1099511628211ull;
  };
  for (const auto& p : params) {
    if (p->parsed == nullptr) continue;
    mix(p->type_name);
    mix(p->code);
    mix(ParamTypeName(p->type));
    mix(p->expression);
  }
  return fmt::format("{:016x}", hash);
}

}  // namespace

Result<std::unique_ptr<SearchRegistry>> SearchRegistry::R4With(
    const std::vector<json::Value>& custom) {
  Result<json::Value> doc = json::Parse(
      std::string_view(lienthong_search_r4, static_cast<size_t>(lienthong_search_r4_size)),
      {.max_depth = 16});
  if (!doc.ok()) return doc.take_status();
  json::Value* params = doc->find("params");
  if (params == nullptr || !params->is_array()) return Status::Invalid("no params");
  for (const json::Value& entry : custom) {
    json::Value marked = entry;
    marked.set("custom", json::Value::Bool(true));
    params->push_back(std::move(marked));
  }
  return FromDocument(*doc);
}

Result<std::unique_ptr<SearchRegistry>> SearchRegistry::Load(std::string_view json_text) {
  Result<json::Value> doc = json::Parse(json_text, {.max_depth = 16});
  if (!doc.ok()) return doc.take_status();
  return FromDocument(*doc);
}

Result<std::unique_ptr<SearchRegistry>> SearchRegistry::FromDocument(const json::Value& doc) {
  const json::Value* params = doc.find("params");
  if (params == nullptr || !params->is_array()) return Status::Invalid("no params");
  const fhir::TypeRegistry& types = fhir::TypeRegistry::R4();
  const std::vector<std::string> all_types = types.ResourceTypes();
  std::unique_ptr<SearchRegistry> registry(new SearchRegistry());
  // Bound parameters by (url, type), to resolve composite components.
  std::map<std::pair<std::string, std::string>, const SearchParameter*> by_url;
  std::vector<SearchParameter*> composites;

  for (const auto& member : params->members()) {
    const json::Value& p = member.value;
    ParamType type;
    if (!ParseParamType(p.get_string("type"), type)) {
      return Status::Invalid(fmt::format("unknown parameter type in {}", p.get_string("url")));
    }
    std::vector<std::string> bases;
    for (const std::string& base : Strings(p.find("base"))) {
      if (base == "Resource" || base == "DomainResource") {
        for (const std::string& t : all_types) {
          if (base == "Resource" || IsDomainResource(types.FindType(t))) bases.push_back(t);
        }
      } else if (types.IsResourceType(base)) {
        bases.push_back(base);
      }
    }
    const std::string_view full_expression = p.get_string("expr");
    const bool custom = p.find("custom") != nullptr;
    for (const std::string& base : bases) {
      if (custom && registry->Find(base, p.get_string("code")) != nullptr) {
        return Status::Invalid(fmt::format("{}: {} already has a search parameter {}",
                                           p.get_string("url"), base, p.get_string("code")));
      }
      auto param = std::make_unique<SearchParameter>();
      param->url = std::string(p.get_string("url"));
      param->code = std::string(p.get_string("code"));
      param->type = type;
      param->type_name = base;
      param->targets = Strings(p.find("target"));
      if (!full_expression.empty()) {
        param->expression = BranchesFor(full_expression, base, types);
        if (param->expression.empty()) {
          if (custom) {
            return Status::Invalid(
                fmt::format("{}: the expression has no part for {}", param->url, base));
          }
          continue;  // no branch for this type
        }
        Result<fhirpath::Expression> parsed = fhirpath::Parse(param->expression);
        if (!parsed.ok()) {
          return Status::Invalid(
              fmt::format("{} ({}): {}", param->url, base, parsed.status().message()));
        }
        param->parsed = std::make_shared<const fhirpath::Expression>(std::move(parsed.value()));
      }
      if (const json::Value* comps = p.find("comp")) {
        for (const auto& c : comps->members()) {
          SearchParameter::Component component;
          component.definition = std::string(c.value.get_string("def"));
          component.expression = std::string(c.value.get_string("expr"));
          Result<fhirpath::Expression> parsed = fhirpath::Parse(component.expression);
          if (!parsed.ok()) {
            return Status::Invalid(
                fmt::format("{} component: {}", param->url, parsed.status().message()));
          }
          component.parsed =
              std::make_shared<const fhirpath::Expression>(std::move(parsed.value()));
          param->components.push_back(std::move(component));
        }
        composites.push_back(param.get());
      }
      const SearchParameter* bound = param.get();
      by_url[{bound->url, base}] = bound;
      registry->by_type_[base][bound->code] = bound;
      if (bound->parsed != nullptr) registry->indexed_[base].push_back(bound);
      registry->params_.push_back(std::move(param));
    }
  }
  for (SearchParameter* composite : composites) {
    for (SearchParameter::Component& c : composite->components) {
      auto it = by_url.find({c.definition, composite->type_name});
      if (it == by_url.end()) {
        return Status::Invalid(fmt::format("{}: component {} is not defined for {}", composite->url,
                                           c.definition, composite->type_name));
      }
      c.param = it->second;
    }
  }
  registry->fingerprint_ = Fingerprint(registry->params_);
  if (const json::Value* compartments = doc.find("compartments")) {
    if (const json::Value* patient = compartments->find("Patient")) {
      for (const auto& m : patient->members()) {
        registry->patient_compartment_[m.key] = Strings(&m.value);
      }
    }
  }
  return registry;
}

const SearchParameter* SearchRegistry::Find(std::string_view type, std::string_view code) const {
  auto t = by_type_.find(type);
  if (t == by_type_.end()) return nullptr;
  auto p = t->second.find(code);
  return p == t->second.end() ? nullptr : p->second;
}

const std::vector<const SearchParameter*>& SearchRegistry::Indexed(std::string_view type) const {
  static const std::vector<const SearchParameter*> kNone;
  auto it = indexed_.find(type);
  return it == indexed_.end() ? kNone : it->second;
}

const std::vector<std::string>* SearchRegistry::PatientCompartment(std::string_view type) const {
  auto it = patient_compartment_.find(type);
  return it == patient_compartment_.end() ? nullptr : &it->second;
}

std::vector<std::string> SearchRegistry::PatientCompartmentTypes() const {
  std::vector<std::string> types;
  for (const auto& [type, params] : patient_compartment_) types.push_back(type);
  return types;
}

}  // namespace lienthong::search
