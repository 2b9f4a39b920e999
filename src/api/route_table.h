// The route table: every FHIR URL the server answers, as (methods, path
// pattern, interaction, what the policy must check, handler). The pipeline
// (pipeline.cpp) matches a request against it, asks the policy, and runs the
// handler; batch and transaction entries go through the same table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/call.h"

namespace lienthong::api {

// What the policy is asked before a route's handler runs.
enum class RouteAccess {
  kOpen,      // no token needed (capabilities, SMART configuration)
  kType,      // `permissions` on the resource type of the URL
  kAllTypes,  // `permissions` on every type ("*"): system-wide operations
  kEntries,   // a token; each batch or transaction entry is checked itself
};

using RouteHandler = void (*)(ApiContext& ctx, Call&& call);

struct Route {
  const char* methods;  // space-separated, or "*" for any (the handler checks)
  const char* pattern;  // segments: literals, {type}, {id}, {vid}, {job}, {file}, {ctype}
  const char* interaction;
  RouteAccess access;
  uint8_t permissions;
  RouteHandler handler;
  bool needs_query = false;  // conditional interactions: only with search criteria
};

// The routes, in matching order.
const std::vector<Route>& Routes();

// A request matched to a route, with the URL's parts filled into `call`
// (type, id, version, compartment_id). kNotFound for an unknown URL or
// resource type, kMethodNotAllowed when the path matches but not the method.
Result<const Route*> MatchRoute(const ApiContext& ctx, Call& call);

}  // namespace lienthong::api
