#include "api/route_table.h"

#include <fmt/format.h>

#include "auth/scope.h"
#include "fhir/type_registry.h"

namespace lienthong::api {

void HandleSmartConfiguration(ApiContext& ctx, Call&& call);

namespace {

using auth::kCreate;
using auth::kDelete;
using auth::kRead;
using auth::kSearch;
using auth::kUpdate;
constexpr uint8_t kAll = auth::kAllPermissions;

// Handlers of the bulk-job URLs, one per job kind.
void ExportStatus(ApiContext& ctx, Call&& call) {
  HandleBulkJobStatus(ExportJobs(ctx), std::move(call));
}
void ImportStatus(ApiContext& ctx, Call&& call) {
  HandleBulkJobStatus(ImportJobs(ctx), std::move(call));
}
void ReindexStatus(ApiContext& ctx, Call&& call) {
  HandleBulkJobStatus(ReindexJobs(ctx), std::move(call));
}
void ExportFile(ApiContext& ctx, Call&& call) {
  HandleBulkJobFile(ExportJobs(ctx), std::move(call));
}
void ImportFile(ApiContext& ctx, Call&& call) {
  HandleBulkJobFile(ImportJobs(ctx), std::move(call));
}

std::vector<std::string_view> Split(std::string_view path, char sep) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const size_t at = path.find(sep);
    std::string_view part = path.substr(0, at);
    if (!part.empty()) parts.push_back(part);
    if (at == std::string_view::npos) break;
    path.remove_prefix(at + 1);
  }
  return parts;
}

bool HasMethod(const char* methods, std::string_view method) {
  if (std::string_view(methods) == "*") return true;
  for (std::string_view m : Split(methods, ' ')) {
    if (m == method) return true;
  }
  return false;
}

bool IsType(std::string_view name) { return fhir::TypeRegistry::R4().IsResourceType(name); }

// What a pattern captured from the path: views into the request's path.
struct Captures {
  std::string_view type, id, version, compartment;
};

// Whether `parts` fit the pattern; `is_type[i]` says whether parts[i] names a
// resource type (looked up once per request, not once per route).
bool Fits(const std::vector<std::string_view>& pattern, const std::vector<std::string_view>& parts,
          const std::vector<bool>& is_type, Captures& out) {
  if (pattern.size() != parts.size()) return false;
  Captures c;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string_view p = pattern[i];
    if (p == "{type}" || p == "{ctype}") {
      if (!is_type[i]) return false;
      if (p == "{ctype}") {
        c.compartment = c.id;  // Patient/{id}/{ctype}: the id was the patient's
        c.id = {};
      }
      c.type = parts[i];
    } else if (p == "{id}" || p == "{job}") {
      c.id = parts[i];
    } else if (p == "{vid}" || p == "{file}") {
      c.version = parts[i];
    } else if (p != parts[i]) {
      return false;
    }
  }
  out = c;
  return true;
}

}  // namespace

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = {
      {"POST", "", "batch-transaction", RouteAccess::kEntries, 0, HandleBundle},
      {"GET HEAD", "metadata", "capabilities", RouteAccess::kOpen, 0, HandleCapabilities},
      {"GET HEAD", ".well-known/smart-configuration", "smart-configuration", RouteAccess::kOpen, 0,
       HandleSmartConfiguration},
      {"GET HEAD", "_history", "history-system", RouteAccess::kAllTypes, kRead | kSearch,
       HandleHistory},
      {"*", "$export", "export", RouteAccess::kAllTypes, kRead | kSearch, HandleExportKickOff},
      {"*", "$import", "import", RouteAccess::kAllTypes, kCreate | kUpdate, HandleImportKickOff},
      {"*", "$reindex", "reindex", RouteAccess::kAllTypes, kAll, HandleReindexKickOff},
      {"*", "$export-status/{job}", "export-status", RouteAccess::kAllTypes, kRead | kSearch,
       ExportStatus},
      {"*", "$import-status/{job}", "import-status", RouteAccess::kAllTypes, kCreate | kUpdate,
       ImportStatus},
      {"*", "$reindex-status/{job}", "reindex-status", RouteAccess::kAllTypes, kAll, ReindexStatus},
      {"*", "$export-file/{job}/{file}", "export-file", RouteAccess::kAllTypes, kRead | kSearch,
       ExportFile},
      {"*", "$import-file/{job}/{file}", "import-file", RouteAccess::kAllTypes, kCreate | kUpdate,
       ImportFile},
      {"POST", "{type}", "create", RouteAccess::kType, kCreate, HandleCreate},
      {"GET HEAD", "{type}", "search-type", RouteAccess::kType, kSearch, HandleSearch},
      {"PUT", "{type}", "conditional-update", RouteAccess::kType, kUpdate | kSearch,
       HandleConditionalUpdate, true},
      {"DELETE", "{type}", "conditional-delete", RouteAccess::kType, kDelete | kSearch,
       HandleConditionalDelete, true},
      {"PATCH", "{type}", "conditional-patch", RouteAccess::kType, kUpdate | kSearch,
       HandleConditionalPatch, true},
      {"POST", "{type}/_search", "search-type", RouteAccess::kType, kSearch, HandleSearch},
      {"GET HEAD", "{type}/_history", "history-type", RouteAccess::kType, kRead | kSearch,
       HandleHistory},
      {"*", "{type}/$export", "export", RouteAccess::kAllTypes, kRead | kSearch,
       HandleExportKickOff},
      {"*", "{type}/{id}/$export", "export", RouteAccess::kAllTypes, kRead | kSearch,
       HandleExportKickOff},
      {"GET HEAD", "Patient/{id}/$everything", "everything", RouteAccess::kType, kRead,
       HandleEverything},
      {"GET HEAD", "Patient/{id}/{ctype}", "search-compartment", RouteAccess::kType, kSearch,
       HandleSearch},
      {"GET HEAD", "{type}/{id}", "read", RouteAccess::kType, kRead, HandleRead},
      {"PUT", "{type}/{id}", "update", RouteAccess::kType, kUpdate, HandleUpdate},
      {"PATCH", "{type}/{id}", "patch", RouteAccess::kType, kUpdate, HandlePatch},
      {"DELETE", "{type}/{id}", "delete", RouteAccess::kType, kDelete, HandleDelete},
      {"GET HEAD", "{type}/{id}/_history", "history-instance", RouteAccess::kType, kRead,
       HandleHistory},
      {"GET HEAD", "{type}/{id}/_history/{vid}", "vread", RouteAccess::kType, kRead, HandleVRead},
  };
  return kRoutes;
}

Result<const Route*> MatchRoute(const ApiContext& ctx, Call& call) {
  // The patterns' segments, split once, and the routes of each segment count.
  static const std::vector<std::vector<std::string_view>> kPatterns = [] {
    std::vector<std::vector<std::string_view>> out;
    for (const Route& route : Routes()) out.push_back(Split(route.pattern, '/'));
    return out;
  }();
  static const std::vector<std::vector<size_t>> kBySize = [] {
    std::vector<std::vector<size_t>> out;
    for (size_t r = 0; r < kPatterns.size(); ++r) {
      if (out.size() <= kPatterns[r].size()) out.resize(kPatterns[r].size() + 1);
      out[kPatterns[r].size()].push_back(r);
    }
    return out;
  }();
  std::string_view path = call.request.path;
  path.remove_prefix(std::min(path.size(), ctx.options.base_path.size()));
  const std::vector<std::string_view> parts = Split(path, '/');
  std::vector<bool> is_type(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) is_type[i] = IsType(parts[i]);
  const Route* path_match = nullptr;
  Captures captured;
  static const std::vector<size_t> kNone;
  const std::vector<size_t>& candidates =
      parts.size() < kBySize.size() ? kBySize[parts.size()] : kNone;
  for (size_t r : candidates) {
    const Route& route = Routes()[r];
    if (!Fits(kPatterns[r], parts, is_type, captured)) continue;
    if (route.needs_query && call.request.query.empty()) {
      if (path_match == nullptr) path_match = &route;
      continue;
    }
    if (!HasMethod(route.methods, call.request.method)) {
      if (path_match == nullptr) path_match = &route;
      continue;
    }
    call.interaction = route.interaction;
    call.type = std::string(captured.type);
    call.id = std::string(captured.id);
    call.version = std::string(captured.version);
    call.compartment_id = std::string(captured.compartment);
    return &route;
  }
  if (path_match != nullptr) {
    call.interaction = path_match->interaction;
    return Status(ErrorCode::kMethodNotAllowed,
                  "method " + call.request.method.substr(0, 10) + " is not allowed on this URL");
  }
  if (!parts.empty() && !IsType(parts[0]) && !parts[0].starts_with("$") && parts[0] != "metadata" &&
      parts[0] != "_history") {
    return Status::NotFound("unknown resource type " + std::string(parts[0].substr(0, 64)));
  }
  if (parts.size() == 3 && IsType(parts[2]) && parts[0] != "Patient") {
    return Status::NotFound("only the Patient compartment is supported");
  }
  return Status::NotFound("no FHIR interaction at this URL");
}

}  // namespace lienthong::api
