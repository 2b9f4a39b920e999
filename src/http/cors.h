// CORS (the Fetch standard's CORS protocol) for browser applications served
// from other origins: only the origins configured by name are answered;
// there is never a wildcard, and credentials are bearer tokens in a header
// (never cookies), so Access-Control-Allow-Credentials is never sent.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace lienthong::http {

class CorsPolicy {
 public:
  // `origins`: comma-separated scheme://host[:port] values; empty: none.
  explicit CorsPolicy(const std::string& origins);

  // The answer to a preflight (OPTIONS with Access-Control-Request-Method),
  // or nullopt when the request is not one. A preflight from an origin not
  // allowed gets 403 with no CORS headers.
  std::optional<Response> Preflight(const Request& request) const;
  // Adds the CORS headers of an actual response when its Origin is allowed.
  void Apply(const Request& request, Response& response) const;
  // The same, given the request's Origin header (the request may be gone).
  void Apply(std::string_view origin, Response& response) const;
  // Whether any origin is allowed (when none is, nothing needs applying).
  bool enabled() const { return !origins_.empty(); }

 private:
  bool Allowed(std::string_view origin) const;
  std::vector<std::string> origins_;
};

}  // namespace lienthong::http
