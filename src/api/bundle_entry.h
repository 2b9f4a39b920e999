// Pieces shared by batch and transaction processing: the request an entry
// carries, and the response entry it produces.
#pragma once

#include <optional>
#include <string>

#include "api/call.h"
#include "common/status.h"
#include "http/message.h"
#include "json/value.h"

namespace lienthong::api {

// The parsed Bundle.entry.request of one entry.
struct EntryRequest {
  std::string method;  // GET, HEAD, POST, PUT, PATCH, DELETE
  std::string url;     // relative to the base, query included
  std::string path;    // url without its query
  std::string query;   // text after '?', or empty
  std::string type;
  std::string id;
  std::string version;  // from Type/id/_history/vid
  std::optional<std::string> if_match;
  std::optional<std::string> if_none_match;
  std::optional<std::string> if_none_exist;
  std::optional<std::string> if_modified_since;
};

// Reads entry[index].request; `expression` prefixes issue locations.
Result<EntryRequest> ParseEntryRequest(const json::Value& entry, size_t index,
                                       const std::string& base_url);

// The request an entry stands for, as if it had come over HTTP: its URL,
// conditional headers and resource (may be null), with the outer request's
// host, client, id and deadline.
http::Request EntryAsRequest(const ApiContext& ctx, const http::Request& outer,
                             const EntryRequest& entry, const json::Value* resource);

// The policy's answer for one entry, from the route it would take
// (pipeline.cpp): the limits it may run under, or kForbidden, kUnauthorized,
// kNotFound (unknown URL) or kInvalid (a nested bundle).
Result<auth::AccessLimits> AuthorizeEntry(const ApiContext& ctx, const Call& outer,
                                          const EntryRequest& entry);

// "201 Created" for 201, etc.
std::string StatusLine(int status);

// Turns an HTTP response of an entry's interaction into Bundle.entry: the
// response element (status, location, etag, lastModified) and the resource
// or OperationOutcome the body holds.
json::Value ResponseEntry(const http::Response& response, bool include_resource);

}  // namespace lienthong::api
