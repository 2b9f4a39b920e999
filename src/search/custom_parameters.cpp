#include "search/custom_parameters.h"

#include <fmt/format.h>

#include "fhir/type_registry.h"
#include "json/parser.h"

namespace lienthong::search {

LiveRegistry::LiveRegistry()
    // The R4 registry lives as long as the program: shared without an owner.
    : registry_(std::shared_ptr<const SearchRegistry>(), &SearchRegistry::R4()) {}

std::shared_ptr<const SearchRegistry> LiveRegistry::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return registry_;
}

void LiveRegistry::Set(std::shared_ptr<const SearchRegistry> registry) {
  std::lock_guard<std::mutex> lock(mu_);
  registry_ = std::move(registry);
}

Result<json::Value> RegistryEntryOf(const json::Value& sp) {
  const std::string id(sp.get_string("id"));
  auto invalid = [&](std::string_view what, std::string_view element) {
    return Status::Invalid(fmt::format("SearchParameter/{}: {}", id, what),
                           fmt::format("SearchParameter.{}", element));
  };
  const std::string_view code = sp.get_string("code");
  if (code.empty() || code.front() == '_')
    return invalid("needs a code not starting with _", "code");
  for (char c : code) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_')) {
      return invalid("a code holds letters, digits, - and _ only", "code");
    }
  }
  const std::string_view type = sp.get_string("type");
  ParamType parsed_type;
  if (!ParseParamType(type, parsed_type) || parsed_type == ParamType::kComposite ||
      parsed_type == ParamType::kSpecial) {
    return invalid("type must be number, date, string, token, reference, quantity or uri", "type");
  }
  const std::string_view expression = sp.get_string("expression");
  if (expression.empty()) return invalid("needs an expression", "expression");
  const json::Value* bases = sp.find("base");
  if (bases == nullptr || !bases->is_array() || bases->empty()) {
    return invalid("needs a base", "base");
  }
  json::Value entry = json::Value::Object();
  std::string url(sp.get_string("url"));
  if (url.empty()) url = "SearchParameter/" + id;
  entry.set("url", json::Value::String(url));
  entry.set("code", json::Value::String(std::string(code)));
  json::Value base_list = json::Value::Array();
  for (size_t i = 0; i < bases->size(); ++i) {
    const std::string& base = bases->at(i).text();
    if (!fhir::TypeRegistry::R4().IsResourceType(base) || base == "Resource" ||
        base == "DomainResource") {
      return invalid(fmt::format("base {} is not a resource type", base.substr(0, 64)),
                     fmt::format("base[{}]", i));
    }
    base_list.push_back(json::Value::String(base));
  }
  entry.set("base", std::move(base_list));
  entry.set("type", json::Value::String(std::string(type)));
  entry.set("expr", json::Value::String(std::string(expression)));
  if (const json::Value* targets = sp.find("target")) {
    json::Value target_list = json::Value::Array();
    for (size_t i = 0; i < targets->size(); ++i) {
      target_list.push_back(json::Value::String(targets->at(i).text()));
    }
    entry.set("target", std::move(target_list));
  }
  return entry;
}

Result<std::shared_ptr<const SearchRegistry>> RegistryWithStoredParameters(
    const store::ResourceStore& store) {
  std::vector<json::Value> entries;
  Status failure;
  LT_RETURN_IF_ERROR(store.ForEachCurrent("SearchParameter", [&](const store::StoredResource& r) {
    Result<json::Value> sp = json::Parse(r.json);
    if (!sp.ok()) {
      failure = sp.take_status();
      return false;
    }
    const std::string_view status = sp->get_string("status");
    if (status != "active" && status != "draft") return true;
    Result<json::Value> entry = RegistryEntryOf(*sp);
    if (!entry.ok()) {
      failure = entry.take_status();
      return false;
    }
    entries.push_back(std::move(entry.value()));
    return true;
  }));
  LT_RETURN_IF_ERROR(failure);
  if (entries.empty()) {
    return std::shared_ptr<const SearchRegistry>(std::shared_ptr<const SearchRegistry>(),
                                                 &SearchRegistry::R4());
  }
  Result<std::unique_ptr<SearchRegistry>> registry = SearchRegistry::R4With(entries);
  if (!registry.ok()) return registry.take_status();
  return std::shared_ptr<const SearchRegistry>(std::move(registry.value()));
}

}  // namespace lienthong::search
