#include "http/cors.h"

#include <algorithm>

namespace lienthong::http {

CorsPolicy::CorsPolicy(const std::string& origins) {
  std::string_view rest = origins;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view origin = TrimWhitespace(rest.substr(0, comma));
    while (origin.ends_with('/')) origin.remove_suffix(1);
    if (!origin.empty() && origin != "*") origins_.emplace_back(origin);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
}

bool CorsPolicy::Allowed(std::string_view origin) const {
  return !origin.empty() && std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

std::optional<Response> CorsPolicy::Preflight(const Request& request) const {
  if (request.method != "OPTIONS" || !request.has_header("Access-Control-Request-Method")) {
    return std::nullopt;
  }
  Response response;
  const std::string_view origin = request.header("Origin");
  if (!Allowed(origin)) {
    response.status = 403;
    return response;
  }
  response.status = 204;
  response.set_header("Access-Control-Allow-Origin", std::string(origin));
  response.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE");
  response.set_header("Access-Control-Allow-Headers",
                      "Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Match, "
                      "If-None-Exist, If-Modified-Since, X-Request-Id");
  response.set_header("Access-Control-Max-Age", "600");
  response.set_header("Vary", "Origin");
  return response;
}

void CorsPolicy::Apply(const Request& request, Response& response) const {
  Apply(request.header("Origin"), response);
}

void CorsPolicy::Apply(std::string_view origin, Response& response) const {
  if (!Allowed(origin)) return;
  response.set_header("Access-Control-Allow-Origin", std::string(origin));
  response.set_header("Access-Control-Expose-Headers",
                      "Location, ETag, Last-Modified, Content-Location, X-Progress, X-Request-Id");
  response.set_header("Vary", "Origin");
}

}  // namespace lienthong::http
