// search-type (GET [base]/[type]?... and POST [base]/[type]/_search) and the
// conditional interactions that search decides: conditional create
// (If-None-Exist), conditional update (PUT [base]/[type]?...) and
// conditional delete (DELETE [base]/[type]?..., one or several).
#include <fmt/format.h>

#include "api/access.h"
#include "api/call.h"
#include "api/outcome.h"
#include "http/target.h"
#include "json/parser.h"
#include "json/writer.h"
#include "search/search_engine.h"

namespace lienthong::api {
namespace {

// A conditional delete removes at most this many resources at once.
constexpr size_t kMaxConditionalDeletes = 1000;

using Params = std::vector<std::pair<std::string, std::string>>;

bool PrefersStrictHandling(const http::Request& request) {
  return request.header("Prefer").find("handling=strict") != std::string_view::npos;
}

std::string EncodeParams(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    out += out.empty() ? "?" : "&";
    out += http::PercentEncode(name);
    out += "=";
    out += http::PercentEncode(value);
  }
  return out;
}

// The parameters of a search: the query, and for POST _search the form body.
Result<Params> SearchParameters(const http::Request& request) {
  Params params = request.query;
  if (request.method != "POST") return params;
  const std::string_view type = request.header("Content-Type");
  if (!request.body.empty() && !type.starts_with("application/x-www-form-urlencoded")) {
    return Status(ErrorCode::kUnsupportedMediaType,
                  "POST _search takes application/x-www-form-urlencoded");
  }
  std::string path;
  Params form;
  if (!http::ParseTarget("/?" + request.body, &path, &form)) {
    return Status::Invalid("malformed form body");
  }
  params.insert(params.end(), form.begin(), form.end());
  return params;
}

// The resource as the request asks for it (_summary, _elements, _pretty are
// applied by the caller for the whole bundle).
std::string EntryResource(const store::StoredResource& r, const RequestOptions& options) {
  if (options.summary == fhir::SummaryMode::kFalse && options.elements.empty()) return r.json;
  Result<json::Value> parsed = json::Parse(r.json, {.max_depth = 1000});
  if (!parsed.ok()) return r.json;
  if (options.summary != fhir::SummaryMode::kFalse) fhir::ApplySummary(*parsed, options.summary);
  if (!options.elements.empty()) fhir::ApplyElements(*parsed, options.elements);
  return json::Write(*parsed);
}

}  // namespace

Result<std::vector<std::string>> MatchConditional(const ApiContext& ctx, const std::string& type,
                                                  const Params& params) {
  const search::SearchEngine* engine = ctx.search.load();
  if (engine == nullptr) return Status::NotSupported("search is not enabled");
  Result<search::SearchQuery> query =
      search::ParseSearchQuery(engine->registry(), type, params, /*strict=*/true);
  if (!query.ok()) return query.take_status();
  if (query->criteria.empty()) {
    return Status::PreconditionFailed("a conditional interaction needs search criteria");
  }
  std::vector<const search::Criterion*> criteria;
  for (const search::Criterion& c : query->criteria) criteria.push_back(&c);
  return engine->Match(type, criteria);
}

void HandleSearch(ApiContext& ctx, Call&& call) {
  const search::SearchEngine* engine = ctx.search.load();
  if (engine == nullptr) return RespondError(call, Status::NotSupported("search is not enabled"));
  Result<Params> params = SearchParameters(call.request);
  if (!params.ok()) return RespondError(call, params.status());
  if (Status limited = ApplySearchLimits(ctx, call, *params); !limited.ok()) {
    return RespondError(call, limited);
  }
  const bool strict = PrefersStrictHandling(call.request);
  Result<search::SearchQuery> query =
      search::ParseSearchQuery(engine->registry(), call.type, *params, strict);
  if (!query.ok()) return RespondError(call, query.status());
  if (Status reach = CheckSearchReach(call, *query); !reach.ok()) return RespondError(call, reach);
  query->patient_compartment = call.compartment_id;
  Result<search::SearchPage> page = engine->Run(*query);
  if (!page.ok()) return RespondError(call, page.status());

  const std::string path =
      call.compartment_id.empty()
          ? call.options.base_url + "/" + call.type
          : fmt::format("{}/Patient/{}/{}", call.options.base_url, call.compartment_id, call.type);
  std::string body;
  body.reserve(1024 + page->ids.size() * 2048);
  body += R"({"resourceType":"Bundle","type":"searchset")";
  if (page->total) body += fmt::format(R"(,"total":{})", *page->total);
  body += R"(,"link":[{"relation":"self","url":)";
  json::AppendQuoted(path + EncodeParams(query->applied), body);
  body += "}";
  if (!page->next_cursor.empty()) {
    Params next = query->applied;
    next.emplace_back("_cursor", page->next_cursor);
    body += R"(,{"relation":"next","url":)";
    json::AppendQuoted(path + EncodeParams(next), body);
    body += "}";
  }
  body += "]";
  const size_t entries_start = body.size();
  body += R"(,"entry":[)";
  bool first = true;
  for (const std::string& id : page->ids) {
    Result<store::StoredResource> r = ctx.store.Read(call.type, id);
    // Deleted since the index was read: not a match any more.
    if (!r.ok() || r->deleted) continue;
    if (!first) body += ",";
    first = false;
    body += R"({"fullUrl":)";
    json::AppendQuoted(fmt::format("{}/{}/{}", call.options.base_url, call.type, id), body);
    body += R"(,"resource":)";
    body += EntryResource(*r, call.options);
    body += R"(,"search":{"mode":"match"}})";
  }
  for (const auto& [type, id] : page->included) {
    // What the token may not read is left out, as if it did not exist.
    if (!CheckReadable(ctx, call, type, id).ok()) continue;
    Result<store::StoredResource> r = ctx.store.Read(type, id);
    if (!r.ok() || r->deleted) continue;
    if (!first) body += ",";
    first = false;
    body += R"({"fullUrl":)";
    json::AppendQuoted(fmt::format("{}/{}/{}", call.options.base_url, type, id), body);
    body += R"(,"resource":)";
    body += EntryResource(*r, call.options);
    body += R"(,"search":{"mode":"include"}})";
  }
  if (page->included_truncated) {
    if (!first) body += ",";
    first = false;
    body += R"({"resource":)";
    body += json::Write(MakeOutcome({Issue{
        .severity = Issue::Severity::kWarning,
        .type = IssueType::kTooCostly,
        .diagnostics = fmt::format("more than {} resources were included; the rest are left out",
                                   search::kMaxIncluded),
        .expression = ""}}));
    body += R"(,"search":{"mode":"outcome"}})";
  }
  if (!ctx.store.IndexComplete()) {
    if (!first) body += ",";
    first = false;
    body += R"({"resource":)";
    body += json::Write(MakeOutcome(
        {Issue{.severity = Issue::Severity::kWarning,
               .type = IssueType::kIncomplete,
               .diagnostics = "the search index does not cover every resource yet: results may be "
                              "missing until a reindex ($reindex, lienthong reindex) has finished",
               .expression = ""}}));
    body += R"(,"search":{"mode":"outcome"}})";
  }
  if (!query->ignored.empty()) {
    std::string names;
    for (const std::string& n : query->ignored) names += (names.empty() ? "" : ", ") + n;
    if (!first) body += ",";
    body += R"({"resource":)";
    body += json::Write(MakeOutcome(
        {Issue{.severity = Issue::Severity::kWarning,
               .type = IssueType::kNotSupported,
               .diagnostics = fmt::format("ignored search parameters: {}", names.substr(0, 500)),
               .expression = ""}}));
    body += R"(,"search":{"mode":"outcome"}})";
    first = false;
  }
  if (first) {
    body.resize(entries_start);  // no entries: no "entry" element
    body += "}";
  } else {
    body += "]}";
  }
  call.Respond(BundleTextResponse(std::move(body), call.options.pretty));
}

void HandleConditionalDelete(ApiContext& ctx, Call&& call) {
  Result<std::vector<std::string>> matches = MatchConditional(ctx, call.type, call.request.query);
  if (!matches.ok()) return RespondError(call, matches.status());
  if (matches->size() > kMaxConditionalDeletes) {
    return RespondError(call, Status::PreconditionFailed(fmt::format(
                                  "{} resources match; a conditional delete removes at most {}",
                                  matches->size(), kMaxConditionalDeletes)));
  }
  std::vector<store::WriteOp> ops;
  for (const std::string& id : *matches) {
    store::WriteOp op;
    op.kind = store::WriteOp::Kind::kDelete;
    op.type = call.type;
    op.id = id;
    if (Status allowed = CheckWriteLimits(ctx, call, op); !allowed.ok()) {
      return RespondError(call, allowed);
    }
    ops.push_back(std::move(op));
  }
  if (ops.empty()) {
    return call.Respond(JsonResponse(200, MakeInformation("no resource matched; nothing deleted"),
                                     call.options.pretty));
  }
  auto shared = std::make_shared<Call>(std::move(call));
  CommitThen(ctx, std::move(ops), [shared](Result<std::vector<store::WriteResult>> result) {
    if (!result.ok()) return RespondError(*shared, result.status());
    shared->Respond(
        JsonResponse(200, MakeInformation(fmt::format("deleted {} resources", result->size())),
                     shared->options.pretty));
  });
}

}  // namespace lienthong::api
