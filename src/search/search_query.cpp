#include "search/search_query.h"

#include <fmt/format.h>

#include <charconv>

#include "fhir/type_registry.h"

namespace lienthong::search {
namespace {

// Parameters the api/ layer reads itself.
bool IsFormatParameter(std::string_view name) {
  return name == "_format" || name == "_pretty" || name == "_elements";
}

bool ModifierAllowed(ParamType type, std::string_view modifier) {
  if (modifier.empty() || modifier == "missing") return true;
  switch (type) {
    case ParamType::kString:
      return modifier == "exact" || modifier == "contains";
    case ParamType::kToken:
      return modifier == "not" || modifier == "text" || modifier == "of-type" || modifier == "in" ||
             modifier == "not-in" || modifier == "above" || modifier == "below";
    case ParamType::kReference:
      return modifier == "identifier" || fhir::TypeRegistry::R4().IsResourceType(modifier);
    case ParamType::kUri:
      return modifier == "below" || modifier == "above";
    default:
      return false;
  }
}

Status Unknown(std::string_view type, std::string_view name) {
  return Status::Invalid(
      fmt::format("unknown search parameter {} for {}", name.substr(0, 64), type),
      std::string(name.substr(0, 64)));
}

// Parses "code[:modifier][.chain...]" with its values into a criterion.
Result<Criterion> ParseCriterion(const SearchRegistry& registry, std::string_view type,
                                 std::string_view name, std::vector<std::string> values,
                                 int depth) {
  if (depth > 4) return Status::Invalid("chains are limited to 4 links", std::string(name));
  Criterion c;
  c.name = std::string(name);
  if (name.starts_with("_has:")) {
    // _has:Type:param:rest
    std::string_view rest = name.substr(5);
    const size_t c1 = rest.find(':');
    const size_t c2 = c1 == std::string_view::npos ? c1 : rest.find(':', c1 + 1);
    if (c2 == std::string_view::npos) {
      return Status::Invalid("_has takes _has:Type:parameter:criterion", c.name);
    }
    c.code = "_has";
    c.has_type = std::string(rest.substr(0, c1));
    c.has_param = std::string(rest.substr(c1 + 1, c2 - c1 - 1));
    if (!fhir::TypeRegistry::R4().IsResourceType(c.has_type)) {
      return Status::Invalid(fmt::format("_has: unknown type {}", c.has_type.substr(0, 64)),
                             c.name);
    }
    const SearchParameter* link = registry.Find(c.has_type, c.has_param);
    if (link == nullptr || link->type != ParamType::kReference) {
      return Status::Invalid(fmt::format("_has: {} has no reference parameter {}", c.has_type,
                                         c.has_param.substr(0, 64)),
                             c.name);
    }
    Result<Criterion> inner =
        ParseCriterion(registry, c.has_type, rest.substr(c2 + 1), std::move(values), depth + 1);
    if (!inner.ok()) return inner.take_status();
    c.chain = std::make_unique<Criterion>(std::move(inner.value()));
    return c;
  }
  const size_t dot = name.find('.');
  std::string_view head = name.substr(0, dot);
  const size_t colon = head.find(':');
  c.code = std::string(head.substr(0, colon));
  if (colon != std::string_view::npos) c.modifier = std::string(head.substr(colon + 1));
  if (c.code == "_id") {
    if (!c.modifier.empty() && c.modifier != "missing") {
      return Status::Invalid("_id takes no modifier", c.name);
    }
    c.values = std::move(values);
    return c;
  }
  if (c.code == "_list") {
    if (!c.modifier.empty() || dot != std::string_view::npos) {
      return Status::Invalid("_list takes no modifier", c.name);
    }
    for (const std::string& v : values) {
      if (v.empty() || v.starts_with('$')) {
        return Status::Invalid(
            "_list takes the id of a List (functional lists such as $current-problems are not "
            "supported)",
            c.name);
      }
    }
    c.values = std::move(values);
    return c;
  }
  c.param = registry.Find(type, c.code);
  // _text and _content have no expression: the indexer reads their words.
  const bool words = c.code == "_text" || c.code == "_content";
  if (c.param == nullptr || (c.param->parsed == nullptr && c.code != "_lastUpdated" && !words)) {
    return Unknown(type, head);
  }
  if (words && !c.modifier.empty() && c.modifier != "missing") {
    return Status::Invalid(fmt::format("{} takes no modifier but :missing", c.code), c.name);
  }
  if (c.param->type == ParamType::kSpecial && c.code != "near") {
    return Status::NotSupported(
        fmt::format("{} search ({}) is not supported yet", ParamTypeName(c.param->type), c.code));
  }
  if (!ModifierAllowed(c.param->type, c.modifier)) {
    return Status::Invalid(
        fmt::format("modifier :{} is not supported on {} parameter {}", c.modifier.substr(0, 32),
                    ParamTypeName(c.param->type), c.code),
        c.name);
  }
  if (c.modifier == "missing") {
    if (values.size() != 1 || (values[0] != "true" && values[0] != "false")) {
      return Status::Invalid(":missing takes true or false", c.name);
    }
  }
  if (dot != std::string_view::npos) {
    if (c.param->type != ParamType::kReference) {
      return Status::Invalid(fmt::format("{} is not a reference: it cannot be chained", c.code),
                             c.name);
    }
    if (!c.modifier.empty() && fhir::TypeRegistry::R4().IsResourceType(c.modifier)) {
      c.chain_types.push_back(c.modifier);
    } else if (!c.modifier.empty()) {
      return Status::Invalid("a chained parameter takes only a type modifier", c.name);
    } else {
      c.chain_types = c.param->targets;
    }
    const std::string_view rest = name.substr(dot + 1);
    // The chained parameter must exist on at least one of the target types.
    std::vector<std::string> types;
    Status first_error;
    std::unique_ptr<Criterion> inner;
    for (const std::string& t : c.chain_types) {
      Result<Criterion> parsed = ParseCriterion(registry, t, rest, values, depth + 1);
      if (!parsed.ok()) {
        if (first_error.ok()) first_error = parsed.status();
        continue;
      }
      types.push_back(t);
      if (!inner) inner = std::make_unique<Criterion>(std::move(parsed.value()));
    }
    if (!inner) return first_error;
    c.chain_types = std::move(types);
    c.chain = std::move(inner);
    c.modifier.clear();
  }
  c.values = std::move(values);
  for (const std::string& v : c.values) {
    if (v.empty() && c.modifier != "missing") {
      return Status::Invalid(fmt::format("{} has an empty value", c.name.substr(0, 64)), c.name);
    }
  }
  return c;
}

}  // namespace

std::vector<std::string> SplitEscaped(std::string_view value, char sep) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < value.size(); ++i) {
    const char ch = value[i];
    if (ch == '\\' && i + 1 < value.size() &&
        (value[i + 1] == ',' || value[i + 1] == '|' || value[i + 1] == '$' ||
         value[i + 1] == '\\')) {
      // Keep the escape for a separator that a later split still needs.
      if (value[i + 1] != sep && sep == ',' && value[i + 1] == '|') out.back() += '\\';
      out.back() += value[++i];
      continue;
    }
    if (ch == sep) {
      out.emplace_back();
      continue;
    }
    out.back() += ch;
  }
  return out;
}

Prefix TakePrefix(std::string_view& value) {
  static constexpr std::pair<std::string_view, Prefix> kPrefixes[] = {
      {"eq", Prefix::kEq}, {"ne", Prefix::kNe}, {"gt", Prefix::kGt},
      {"lt", Prefix::kLt}, {"ge", Prefix::kGe}, {"le", Prefix::kLe},
      {"sa", Prefix::kSa}, {"eb", Prefix::kEb}, {"ap", Prefix::kAp},
  };
  if (value.size() > 2) {
    for (const auto& [text, prefix] : kPrefixes) {
      if (value.starts_with(text) &&
          (std::isdigit(static_cast<unsigned char>(value[2])) != 0 || value[2] == '-')) {
        value.remove_prefix(2);
        return prefix;
      }
    }
  }
  return Prefix::kEq;
}

Result<SearchQuery> ParseSearchQuery(const SearchRegistry& registry, std::string_view type,
                                     const std::vector<std::pair<std::string, std::string>>& params,
                                     bool strict) {
  SearchQuery query;
  query.type = std::string(type);
  for (const auto& [name, value] : params) {
    if (IsFormatParameter(name)) continue;
    if (name == "_count") {
      size_t count = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), count);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return Status::Invalid("_count must be a non-negative integer", "_count");
      }
      query.count = std::min(count, kMaxPageSize);
      query.applied.emplace_back(name, std::to_string(query.count));
      continue;
    }
    if (name == "_cursor") {
      query.cursor = value;
      continue;
    }
    if (name == "_total") {
      if (value == "none") {
        query.total = TotalMode::kNone;
      } else if (value == "estimate") {
        query.total = TotalMode::kEstimate;
      } else if (value == "accurate") {
        query.total = TotalMode::kAccurate;
      } else {
        return Status::Invalid("_total must be none, estimate or accurate", "_total");
      }
      query.applied.emplace_back(name, value);
      continue;
    }
    if (name == "_sort") {
      for (const std::string& item : SplitEscaped(value, ',')) {
        SortKey key;
        std::string_view code = item;
        if (code.starts_with('-')) {
          key.descending = true;
          code.remove_prefix(1);
        }
        key.code = std::string(code);
        const SearchParameter* p = registry.Find(type, code);
        if (key.code != "_id" &&
            (p == nullptr || p->type == ParamType::kComposite || p->type == ParamType::kSpecial)) {
          return Status::Invalid(
              fmt::format("_sort: {} is not a search parameter of {} that can sort",
                          key.code.substr(0, 64), type),
              "_sort");
        }
        query.sort.push_back(std::move(key));
      }
      query.applied.emplace_back(name, value);
      continue;
    }
    if (name.starts_with("_include") || name.starts_with("_revinclude")) {
      Include inc;
      inc.reverse = name.starts_with("_revinclude");
      const std::string_view modifier = std::string_view(name).substr(inc.reverse ? 11 : 8);
      if (modifier == ":iterate" || modifier == ":recurse") {
        inc.iterate = true;
      } else if (!modifier.empty()) {
        return Status::Invalid(fmt::format("{}: unknown modifier", name.substr(0, 64)), name);
      }
      if (value == "*") {
        if (inc.reverse) {
          return Status::Invalid(
              "_revinclude=* is not supported: name the source type and "
              "parameter",
              name);
        }
        inc.source_type = std::string(type);
        inc.param = "*";
      } else {
        std::vector<std::string> parts = SplitEscaped(value, ':');
        if (parts.size() < 2 || parts.size() > 3 ||
            !fhir::TypeRegistry::R4().IsResourceType(parts[0])) {
          return Status::Invalid(
              fmt::format("{} takes SourceType:parameter[:TargetType]", name.substr(0, 64)), name);
        }
        inc.source_type = parts[0];
        inc.param = parts[1];
        if (parts.size() == 3) inc.target_type = parts[2];
        const SearchParameter* p = registry.Find(inc.source_type, inc.param);
        if (p == nullptr || p->type != ParamType::kReference) {
          return Status::Invalid(
              fmt::format("{}: {} has no reference parameter {}", name.substr(0, 64),
                          inc.source_type, inc.param.substr(0, 64)),
              name);
        }
      }
      query.includes.push_back(std::move(inc));
      query.applied.emplace_back(name, value);
      continue;
    }
    if (name == "_summary") {
      if (value == "count") {
        query.summary_count = true;
        query.applied.emplace_back(name, value);
      }
      continue;  // other _summary values shape each resource (api/)
    }
    // Other underscore names: a search parameter of the type (_id, _tag,
    // _lastUpdated, ...) or _has; anything else is a result parameter not
    // supported.
    const std::string_view base = std::string_view(name).substr(0, name.find_first_of(":."));
    if (base.starts_with("_") && base != "_has" && base != "_id" && base != "_list" &&
        registry.Find(type, base) == nullptr) {
      if (strict) {
        return Status::Invalid(
            fmt::format("search parameter {} is not supported", name.substr(0, 64)),
            name.substr(0, 64));
      }
      query.ignored.push_back(name);
      continue;
    }
    Result<Criterion> c = ParseCriterion(registry, type, name, SplitEscaped(value, ','), 0);
    if (!c.ok()) {
      const bool unknown = c.status().message().starts_with("unknown search parameter");
      if (unknown && !strict) {
        query.ignored.push_back(name);
        continue;
      }
      return c.take_status();
    }
    query.criteria.push_back(std::move(c.value()));
    query.applied.emplace_back(name, value);
  }
  return query;
}

}  // namespace lienthong::search
