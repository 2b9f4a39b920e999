// history at instance, type and system level.
#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "api/access.h"
#include "api/call.h"
#include "api/outcome.h"
#include "common/time.h"
#include "http/target.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::api {
namespace {

constexpr size_t kDefaultCount = 50;
constexpr size_t kMaxCount = 1000;

const char* MethodFor(store::HistoryOp op) {
  switch (op) {
    case store::HistoryOp::kCreate:
      return "POST";
    case store::HistoryOp::kUpdate:
      return "PUT";
    case store::HistoryOp::kDelete:
      return "DELETE";
  }
  return "PUT";
}

}  // namespace

void HandleHistory(ApiContext& ctx, Call&& call) {
  if (!call.limits.none()) {
    // A resource's history is its versions, all in or out of the limits
    // together; type history mixes many resources and is refused.
    Status allowed = call.id.empty() ? Status::Forbidden(
                                           "type history is not available under patient/ or "
                                           "query-restricted scopes")
                                     : CheckLimitsOn(ctx, call, call.type, call.id);
    if (!allowed.ok()) return RespondError(call, allowed);
  }
  store::HistoryQuery query;
  query.type = call.type;
  query.id = call.id;
  query.count = kDefaultCount;
  std::string kept_params;  // repeated in the paging links
  for (const auto& [name, value] : call.request.query) {
    if (name == "_count") {
      size_t count = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), count);
      if (ec != std::errc() || ptr != value.data() + value.size()) {
        return RespondError(call,
                            Status::Invalid("_count must be a non-negative integer", "_count"));
      }
      query.count = std::min(count, kMaxCount);
    } else if (name == "_since") {
      Result<TimeRange> since = ParseFhirDateTime(value);
      if (!since.ok() || value.find('T') == std::string::npos) {
        return RespondError(call, Status::Invalid("_since must be an instant", "_since"));
      }
      query.since_us = since->start_us;
    } else if (name == "_at") {
      Result<TimeRange> at = ParseFhirDateTime(value);
      if (!at.ok()) return RespondError(call, Status::Invalid("_at must be a dateTime", "_at"));
      query.at_start_us = at->start_us;
      query.at_end_us = at->end_us;
    } else if (name == "_page") {
      query.cursor = value;
      continue;
    } else {
      continue;
    }
    kept_params += fmt::format("&{}={}", name, http::PercentEncode(value));
  }
  Result<store::HistoryPage> page = ctx.store.History(query);
  if (!page.ok()) return RespondError(call, page.status());

  std::string path = call.options.base_url;
  if (!call.type.empty()) path += "/" + call.type;
  if (!call.id.empty()) path += "/" + call.id;
  path += "/_history";

  // The bundle is assembled as text so that each stored resource is copied
  // in as it is, without parsing it again.
  std::string body;
  body.reserve(1024 + page->entries.size() * 2048);
  body += R"({"resourceType":"Bundle","type":"history")";
  if (page->total) body += fmt::format(R"(,"total":{})", *page->total);
  const std::string self_params = kept_params.empty() ? "" : "?" + kept_params.substr(1);
  body += R"(,"link":[{"relation":"self","url":)";
  json::AppendQuoted(path + self_params, body);
  body += "}";
  if (!page->next_cursor.empty()) {
    body += R"(,{"relation":"next","url":)";
    json::AppendQuoted(fmt::format("{}?_page={}{}", path, page->next_cursor, kept_params), body);
    body += "}";
  }
  body += "]";
  body += R"(,"entry":[)";
  bool first = true;
  for (const store::HistoryEntry& entry : page->entries) {
    const store::StoredResource& r = entry.resource;
    if (!first) body += ",";
    first = false;
    const std::string full_url = fmt::format("{}/{}/{}", call.options.base_url, r.type, r.id);
    body += R"({"fullUrl":)";
    json::AppendQuoted(full_url, body);
    if (!r.deleted) {
      body += R"(,"resource":)";
      body += r.json;
    }
    body += R"(,"request":{"method":")";
    body += MethodFor(entry.op);
    body += R"(","url":)";
    json::AppendQuoted(entry.op == store::HistoryOp::kCreate ? r.type : r.type + "/" + r.id, body);
    body += R"(},"response":{"status":")";
    body += r.deleted ? "204 No Content"
                      : (entry.op == store::HistoryOp::kCreate ? "201 Created" : "200 OK");
    body += fmt::format(R"(","etag":"W/\"{}\"","lastModified":")", r.version);
    body += FormatInstant(r.last_updated_us);
    body += R"("}})";
  }
  body += "]}";

  call.Respond(BundleTextResponse(std::move(body), call.options.pretty));
}

}  // namespace lienthong::api
