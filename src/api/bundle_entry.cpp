#include "api/bundle_entry.h"

#include <fmt/format.h>

#include "common/time.h"
#include "fhir/type_registry.h"
#include "http/target.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::api {

Result<EntryRequest> ParseEntryRequest(const json::Value& entry, size_t index,
                                       const std::string& base_url) {
  const std::string where = fmt::format("Bundle.entry[{}].request", index);
  const json::Value* request = entry.find("request");
  if (request == nullptr || !request->is_object()) {
    return Status::Invalid("every entry of a batch or transaction needs a request", where);
  }
  EntryRequest out;
  out.method = std::string(request->get_string("method"));
  out.url = std::string(request->get_string("url"));
  if (out.method != "GET" && out.method != "HEAD" && out.method != "POST" && out.method != "PUT" &&
      out.method != "PATCH" && out.method != "DELETE") {
    return Status::Invalid("request.method must be GET, HEAD, POST, PUT, PATCH or DELETE",
                           where + ".method");
  }
  if (out.url.empty()) return Status::Invalid("request.url is required", where + ".url");
  if (out.url.starts_with(base_url + "/")) out.url = out.url.substr(base_url.size() + 1);
  if (out.url.starts_with("/")) out.url = out.url.substr(1);
  const size_t q = out.url.find('?');
  out.path = out.url.substr(0, q);
  if (q != std::string::npos) out.query = out.url.substr(q + 1);
  const size_t slash = out.path.find('/');
  out.type = out.path.substr(0, slash);
  if (slash != std::string::npos) {
    std::string rest = out.path.substr(slash + 1);
    const size_t next = rest.find('/');
    out.id = rest.substr(0, next);
    if (next != std::string::npos) {
      const std::string tail = rest.substr(next + 1);
      if (!tail.starts_with("_history/")) {
        return Status::Invalid("request.url is not a FHIR interaction URL", where + ".url");
      }
      out.version = tail.substr(9);
    }
  }
  if (!out.type.empty() && out.type[0] != '_' && out.type != "metadata" &&
      !fhir::TypeRegistry::R4().IsResourceType(out.type)) {
    return Status::Invalid("request.url names an unknown resource type", where + ".url");
  }
  auto optional_string = [&](const char* name) -> std::optional<std::string> {
    const json::Value* v = request->find(name);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return v->text();
  };
  out.if_match = optional_string("ifMatch");
  out.if_none_match = optional_string("ifNoneMatch");
  out.if_none_exist = optional_string("ifNoneExist");
  out.if_modified_since = optional_string("ifModifiedSince");
  return out;
}

http::Request EntryAsRequest(const ApiContext& ctx, const http::Request& outer,
                             const EntryRequest& entry, const json::Value* resource) {
  http::Request request;
  request.method = entry.method;
  request.target = ctx.options.base_path + "/" + entry.url;
  if (!http::ParseTarget(request.target, &request.path, &request.query)) {
    request.path = ctx.options.base_path + "/" + entry.path;  // malformed escapes: no query
  }
  request.headers.push_back({"Host", std::string(outer.header("Host"))});
  request.headers.push_back({"Content-Type", "application/fhir+json"});
  if (entry.if_match) request.headers.push_back({"If-Match", *entry.if_match});
  if (entry.if_none_match) request.headers.push_back({"If-None-Match", *entry.if_none_match});
  if (entry.if_none_exist) request.headers.push_back({"If-None-Exist", *entry.if_none_exist});
  if (entry.if_modified_since) {
    request.headers.push_back({"If-Modified-Since", *entry.if_modified_since});
  }
  if (resource != nullptr) request.body = json::Write(*resource);
  request.remote_address = outer.remote_address;
  request.request_id = outer.request_id;
  request.received_at = outer.received_at;
  request.deadline = outer.deadline;
  return request;
}

std::string StatusLine(int status) {
  const char* reason = "";
  switch (status) {
    case 200:
      reason = "OK";
      break;
    case 201:
      reason = "Created";
      break;
    case 204:
      reason = "No Content";
      break;
    case 304:
      reason = "Not Modified";
      break;
    case 400:
      reason = "Bad Request";
      break;
    case 404:
      reason = "Not Found";
      break;
    case 405:
      reason = "Method Not Allowed";
      break;
    case 406:
      reason = "Not Acceptable";
      break;
    case 409:
      reason = "Conflict";
      break;
    case 410:
      reason = "Gone";
      break;
    case 412:
      reason = "Precondition Failed";
      break;
    case 413:
      reason = "Payload Too Large";
      break;
    case 415:
      reason = "Unsupported Media Type";
      break;
    case 422:
      reason = "Unprocessable Entity";
      break;
    case 500:
      reason = "Internal Server Error";
      break;
    case 501:
      reason = "Not Implemented";
      break;
    case 503:
      reason = "Service Unavailable";
      break;
    default:
      break;
  }
  return *reason ? fmt::format("{} {}", status, reason) : std::to_string(status);
}

json::Value ResponseEntry(const http::Response& response, bool include_resource) {
  json::Value entry = json::Value::Object();
  json::Value body;
  const bool has_body = !response.body.empty();
  if (has_body) {
    Result<json::Value> parsed = json::Parse(response.body, {.max_depth = 1000});
    if (parsed.ok()) body = std::move(parsed.value());
  }
  const bool is_error = response.status >= 400;
  if (has_body && include_resource && !is_error && body.is_object() &&
      body.get_string("resourceType") != "OperationOutcome") {
    entry.set("resource", std::move(body));
    body = json::Value();
  }
  json::Value r = json::Value::Object();
  r.set("status", json::Value::String(StatusLine(response.status)));
  for (const http::Header& h : response.headers) {
    if (http::EqualsIgnoreCase(h.name, "Location")) {
      r.set("location", json::Value::String(h.value));
    } else if (http::EqualsIgnoreCase(h.name, "ETag")) {
      r.set("etag", json::Value::String(h.value));
    } else if (http::EqualsIgnoreCase(h.name, "Last-Modified")) {
      Result<int64_t> when = ParseHttpDate(h.value);
      if (when.ok()) r.set("lastModified", json::Value::String(FormatInstant(*when)));
    }
  }
  if (body.is_object() && body.get_string("resourceType") == "OperationOutcome") {
    r.set("outcome", std::move(body));
  }
  entry.set("response", std::move(r));
  return entry;
}

}  // namespace lienthong::api
