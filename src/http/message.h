// The HTTP request and response as the rest of lienthong sees them: plain
// values with no Beast types, so that api/ does not depend on the transport.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lienthong::http {

struct Header {
  std::string name;  // as received; compare case-insensitively
  std::string value;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request target, e.g. "/fhir/Patient?name=an"
  std::string path;    // percent-decoded path without the query, e.g. "/fhir/Patient"
  // Query parameters in order, names and values percent-decoded ('+' is a space).
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<Header> headers;
  std::string body;
  std::string remote_address;  // peer IP, for attribution in logs
  bool tls = false;            // received over TLS: public URLs are https
  std::string request_id;      // unique per request, echoed as X-Request-Id
  std::chrono::steady_clock::time_point received_at;
  // When the request must be answered by (from the configured request time limit).
  std::chrono::steady_clock::time_point deadline;

  // First header with that name (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  // When set, the body is this file's content instead, streamed from disk in
  // chunks (never gzipped); the file must not change while it is sent.
  std::string body_file;
  // Whether the server may gzip the body when the client accepts it.
  bool compressible = true;

  void set_header(std::string name, std::string value);
};

// Called exactly once per request with the response. May be called from any
// thread; the server moves the response back onto the connection's executor.
using Responder = std::function<void(Response&&)>;
// Handles one request. Must not throw; must call `respond` exactly once,
// either before returning or later from another thread.
using Handler = std::function<void(Request&&, Responder respond)>;

// s without leading and trailing spaces and tabs (HTTP optional whitespace).
std::string_view TrimWhitespace(std::string_view s);

// Case-insensitive ASCII comparison for header names and tokens.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace lienthong::http
