// Patient/[id]/$everything: the patient, every resource in its compartment
// and the resources they refer to outside it (practitioners, organizations,
// locations, medications), with _type, _since and _count; pages continue
// after the last (type, id) of the previous one.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "api/access.h"
#include "api/call.h"
#include "api/outcome.h"
#include "common/time.h"
#include "fhir/type_registry.h"
#include "http/target.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::api {
namespace {

constexpr size_t kDefaultEverythingPage = 100;
constexpr size_t kMaxEverythingPage = 1000;

// Every "reference" of the resource of the form Type/id.
void CollectReferences(const json::Value& v,
                       std::vector<std::pair<std::string, std::string>>& out) {
  if (v.is_array()) {
    for (const auto& m : v.members()) CollectReferences(m.value, out);
    return;
  }
  if (!v.is_object()) return;
  for (const auto& m : v.members()) {
    if (m.key == "reference" && m.value.is_string()) {
      const std::string& ref = m.value.text();
      const size_t slash = ref.find('/');
      if (slash != std::string::npos && ref.find('/', slash + 1) == std::string::npos) {
        out.emplace_back(ref.substr(0, slash), ref.substr(slash + 1));
      }
    } else {
      CollectReferences(m.value, out);
    }
  }
}

struct EverythingParams {
  std::vector<std::string> types;
  std::optional<int64_t> since_us;
  size_t count = kDefaultEverythingPage;
  std::string cursor_type;
  std::string cursor_id;
  std::vector<std::pair<std::string, std::string>> applied;
};

Result<EverythingParams> ParseEverythingParams(const http::Request& request,
                                               const std::vector<std::string>& all_types) {
  EverythingParams p;
  for (const auto& [name, value] : request.query) {
    if (name == "_type") {
      std::string_view list = value;
      while (!list.empty()) {
        const size_t comma = list.find(',');
        std::string type(http::TrimWhitespace(list.substr(0, comma)));
        if (!fhir::TypeRegistry::R4().IsResourceType(type)) {
          return Status::Invalid("_type: unknown resource type " + type.substr(0, 64), "_type");
        }
        p.types.push_back(type);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
      }
      p.applied.emplace_back(name, value);
    } else if (name == "_since") {
      Result<TimeRange> since = ParseFhirDateTime(value);
      if (!since.ok()) return Status::Invalid("_since must be an instant", "_since");
      p.since_us = since->start_us;
      p.applied.emplace_back(name, value);
    } else if (name == "_count") {
      size_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return Status::Invalid("_count must be a non-negative integer", "_count");
      }
      p.count = std::min(n, kMaxEverythingPage);
      p.applied.emplace_back(name, std::to_string(p.count));
    } else if (name == "_cursor") {
      const size_t slash = value.find('/');
      if (slash == std::string::npos) return Status::Invalid("malformed _cursor", "_cursor");
      p.cursor_type = value.substr(0, slash);
      p.cursor_id = value.substr(slash + 1);
    }
  }
  if (p.types.empty()) {
    p.types = all_types;
  } else {
    std::vector<std::string> kept;
    for (const std::string& t : p.types) {
      if (std::find(all_types.begin(), all_types.end(), t) != all_types.end()) kept.push_back(t);
    }
    p.types = std::move(kept);
  }
  std::sort(p.types.begin(), p.types.end());
  p.types.erase(std::unique(p.types.begin(), p.types.end()), p.types.end());
  return p;
}

std::string EncodeQuery(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    out += out.empty() ? "?" : "&";
    out += http::PercentEncode(name) + "=" + http::PercentEncode(value);
  }
  return out;
}

}  // namespace

void HandleEverything(ApiContext& ctx, Call&& call) {
  const search::SearchEngine* engine = ctx.search.load();
  if (engine == nullptr) return RespondError(call, Status::NotSupported("search is not enabled"));
  if (Status allowed = CheckLimitsOn(ctx, call, "Patient", call.id); !allowed.ok()) {
    return RespondError(call, allowed);
  }
  Result<store::StoredResource> patient = ctx.store.Read("Patient", call.id);
  if (!patient.ok()) return RespondError(call, patient.status());
  if (patient->deleted) {
    return RespondError(call, Status::Gone(fmt::format("Patient/{} was deleted", call.id)));
  }
  const std::vector<std::string> compartment_types = engine->registry().PatientCompartmentTypes();
  Result<EverythingParams> params = ParseEverythingParams(call.request, compartment_types);
  if (!params.ok()) return RespondError(call, params.status());
  // Only the types the token may read; within them, what its limits allow.
  std::erase_if(params->types, [&](const std::string& type) {
    return call.principal != nullptr &&
           !auth::Authorize(*call.principal, {"read", type, auth::kRead}).ok();
  });
  const bool check_each =
      call.principal != nullptr && !call.principal->unrestricted() &&
      !call.principal->scopes.resource_scopes().empty() &&
      std::any_of(params->types.begin(), params->types.end(), [&](const std::string& t) {
        Result<auth::AccessLimits> l = auth::Authorize(*call.principal, {"read", t, auth::kRead});
        return l.ok() && !l->criteria.empty();
      });

  std::string entries;
  uint64_t total = 0;
  size_t on_page = 0;
  std::string next_cursor;
  std::set<std::string> included;  // Type/id already on this page
  auto add_entry = [&](const store::StoredResource& r, const char* mode) {
    if (!entries.empty()) entries += ",";
    entries += R"({"fullUrl":)";
    json::AppendQuoted(fmt::format("{}/{}/{}", call.options.base_url, r.type, r.id), entries);
    entries += R"(,"resource":)";
    entries += r.json;
    entries += R"(,"search":{"mode":")";
    entries += mode;
    entries += R"("}})";
  };
  for (const std::string& type : params->types) {
    Result<std::vector<std::string>> ids = engine->Match(type, {}, call.id);
    if (!ids.ok()) return RespondError(call, ids.status());
    for (const std::string& id : *ids) {
      const bool before_cursor =
          !params->cursor_type.empty() &&
          (type < params->cursor_type || (type == params->cursor_type && id <= params->cursor_id));
      if (check_each && !CheckReadable(ctx, call, type, id).ok()) continue;
      Result<store::StoredResource> r = ctx.store.Read(type, id);
      if (!r.ok() || r->deleted) continue;
      if (params->since_us && r->last_updated_us < *params->since_us) continue;
      ++total;
      if (before_cursor) continue;
      if (on_page == params->count) {
        if (next_cursor.empty()) next_cursor = "-";  // more follow; set below
        continue;
      }
      ++on_page;
      included.insert(fmt::format("{}/{}", type, id));
      add_entry(*r, "match");
      if (on_page == params->count) next_cursor = fmt::format("{}/{}", type, id);
      // What it refers to outside the compartment comes along.
      Result<json::Value> parsed = json::Parse(r->json, {.max_depth = 1000});
      if (!parsed.ok()) continue;
      std::vector<std::pair<std::string, std::string>> refs;
      CollectReferences(*parsed, refs);
      for (const auto& [ref_type, ref_id] : refs) {
        if (std::binary_search(compartment_types.begin(), compartment_types.end(), ref_type)) {
          continue;
        }
        if (!included.insert(fmt::format("{}/{}", ref_type, ref_id)).second) continue;
        if (!CheckReadable(ctx, call, ref_type, ref_id).ok()) continue;
        Result<store::StoredResource> target = ctx.store.Read(ref_type, ref_id);
        if (target.ok() && !target->deleted) add_entry(*target, "include");
      }
    }
  }
  if (next_cursor == "-") next_cursor.clear();
  const bool more = !next_cursor.empty() && on_page == params->count && total > on_page;
  const std::string path = fmt::format("{}/Patient/{}/$everything", call.options.base_url, call.id);
  std::string body = R"({"resourceType":"Bundle","type":"searchset")";
  body += fmt::format(R"(,"total":{})", total);
  body += R"(,"link":[{"relation":"self","url":)";
  json::AppendQuoted(path + EncodeQuery(params->applied), body);
  body += "}";
  if (more) {
    auto next = params->applied;
    next.emplace_back("_cursor", next_cursor);
    body += R"(,{"relation":"next","url":)";
    json::AppendQuoted(path + EncodeQuery(next), body);
    body += "}";
  }
  body += "]";
  if (!entries.empty()) body += R"(,"entry":[)" + entries + "]";
  body += "}";
  call.Respond(BundleTextResponse(std::move(body), call.options.pretty));
}

}  // namespace lienthong::api
