// Bulk Data Access IG 2.0, system-level export: kick-off, status, deletion and
// the output files. Patient- and Group-level export need the patient
// compartment (search) and are answered 501 by the router.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "api/call.h"
#include "api/outcome.h"
#include "bulk/export_job.h"
#include "bulk/export_registry.h"
#include "common/time.h"
#include "fhir/type_registry.h"
#include "store/resource_id.h"

namespace lienthong::api {
namespace {

// Whether the Prefer header holds the respond-async preference.
bool PrefersAsync(const http::Request& request) {
  for (const http::Header& h : request.headers) {
    if (!http::EqualsIgnoreCase(h.name, "Prefer")) continue;
    std::string_view v = h.value;
    while (!v.empty()) {
      const size_t sep = v.find_first_of(",;");
      if (http::EqualsIgnoreCase(http::TrimWhitespace(v.substr(0, sep)), "respond-async")) {
        return true;
      }
      if (sep == std::string_view::npos) break;
      v.remove_prefix(sep + 1);
    }
  }
  return false;
}

Status SplitTypes(std::string_view list, std::vector<std::string>& types) {
  while (true) {
    const size_t comma = list.find(',');
    std::string type(http::TrimWhitespace(list.substr(0, comma)));
    if (!fhir::TypeRegistry::R4().IsResourceType(type)) {
      return Status::Invalid("_type: unknown resource type '" + type.substr(0, 64) + "'");
    }
    if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
    if (comma == std::string_view::npos) return Status::Ok();
    list.remove_prefix(comma + 1);
  }
}

Result<bulk::ExportOptions> ParseExportParameters(const http::Request& request) {
  bulk::ExportOptions options;
  for (const auto& [name, value] : request.query) {
    if (name == "_type") {
      LT_RETURN_IF_ERROR(SplitTypes(value, options.types));
    } else if (name == "_since") {
      // An unencoded '+' of a zone offset arrives as a space.
      std::string text = value;
      std::replace(text.begin(), text.end(), ' ', '+');
      Result<TimeRange> since = ParseFhirDateTime(text);
      if (!since.ok()) return Status::Invalid("_since: not a FHIR instant");
      options.since_us = since->start_us;
    } else if (name == "_outputFormat") {
      if (!bulk::IsNdjsonFormat(value)) {
        return Status::Invalid(
            "_outputFormat: only application/fhir+ndjson (or application/ndjson, ndjson) is "
            "supported");
      }
    } else if (name == "_format" || name == "_pretty") {
      // Read by ParseRequestOptions: they shape the OperationOutcome of an error.
    } else {
      return Status::Invalid("$export: parameter " + name.substr(0, 64) +
                             " is not supported (supported: _type, _since, _outputFormat)");
    }
  }
  return options;
}

const char* StateName(bulk::ExportState state) {
  switch (state) {
    case bulk::ExportState::kQueued:
      return "queued";
    case bulk::ExportState::kRunning:
      return "in progress";
    case bulk::ExportState::kCompleted:
      return "completed";
    case bulk::ExportState::kFailed:
      return "failed";
  }
  return "";
}

json::Value Manifest(const bulk::ExportJobStatus& job, const std::string& base_url) {
  json::Value m = json::Value::Object();
  m.set("transactionTime", json::Value::String(FormatInstant(job.transaction_time_us)));
  m.set("request", json::Value::String(job.request_url));
  m.set("requiresAccessToken", json::Value::Bool(false));
  json::Value output = json::Value::Array();
  for (const bulk::ExportFile& f : job.files) {
    json::Value o = json::Value::Object();
    o.set("type", json::Value::String(f.type));
    o.set("url", json::Value::String(base_url + "/$export-file/" + job.id + "/" + f.name));
    o.set("count", json::Value::Number(static_cast<int64_t>(f.count)));
    output.push_back(std::move(o));
  }
  m.set("output", std::move(output));
  m.set("error", json::Value::Array());
  return m;
}

Status NoExport() { return Status::NotSupported("bulk export is not enabled on this server"); }

}  // namespace

void HandleExportKickOff(ApiContext& ctx, Call&& call) {
  if (ctx.exports == nullptr) return RespondError(call, NoExport());
  if (call.request.method != "GET") {
    return RespondError(call, Status::NotSupported("$export is supported with GET only"));
  }
  if (!PrefersAsync(call.request)) {
    return RespondError(call, Status::Invalid("$export needs the header Prefer: respond-async"));
  }
  Result<bulk::ExportOptions> options = ParseExportParameters(call.request);
  if (!options.ok()) return RespondError(call, options.status());
  const int64_t transaction_time = NowMicros();
  std::string_view target = call.request.target;
  target.remove_prefix(std::min(target.size(), ctx.options.base_path.size()));
  Result<std::string> started = ctx.exports->Start(std::move(options.value()), transaction_time,
                                                   call.options.base_url + std::string(target));
  if (!started.ok()) {
    http::Response busy = ErrorResponse(started.status(), call.options.pretty);
    busy.set_header("Retry-After", "10");
    return call.Respond(std::move(busy));
  }
  const std::string& id = *started;
  http::Response response =
      JsonResponse(202, MakeInformation("export job " + id + " accepted"), call.options.pretty);
  response.set_header("Content-Location", call.options.base_url + "/$export-status/" + id);
  call.Respond(std::move(response));
}

void HandleExportStatus(ApiContext& ctx, Call&& call) {
  if (ctx.exports == nullptr) return RespondError(call, NoExport());
  if (!store::IsValidResourceId(call.id)) {
    return RespondError(call, Status::NotFound("no such export job"));
  }
  if (call.request.method == "DELETE") {
    Status deleted = ctx.exports->Delete(call.id);
    if (!deleted.ok()) return RespondError(call, deleted);
    return call.Respond(JsonResponse(202, MakeInformation("export job " + call.id + " deleted"),
                                     call.options.pretty));
  }
  if (call.request.method != "GET") {
    return RespondError(
        call, Status(ErrorCode::kMethodNotAllowed, "use GET or DELETE on an export status URL"));
  }
  Result<bulk::ExportJobStatus> job = ctx.exports->Get(call.id);
  if (!job.ok()) return RespondError(call, job.status());
  switch (job->state) {
    case bulk::ExportState::kQueued:
    case bulk::ExportState::kRunning: {
      http::Response response;
      response.status = 202;
      response.set_header("X-Progress",
                          fmt::format("{}: {} resources", StateName(job->state), job->exported));
      response.set_header("Retry-After", "1");
      return call.Respond(std::move(response));
    }
    case bulk::ExportState::kCompleted: {
      http::Response response =
          JsonResponse(200, Manifest(*job, call.options.base_url), call.options.pretty);
      response.set_header("Content-Type", "application/json");
      return call.Respond(std::move(response));
    }
    case bulk::ExportState::kFailed:
      return RespondError(call, Status(ErrorCode::kInternal, "the export failed: " + job->error));
  }
}

void HandleExportFile(ApiContext& ctx, Call&& call) {
  if (ctx.exports == nullptr) return RespondError(call, NoExport());
  if (call.request.method != "GET") {
    return RespondError(call,
                        Status(ErrorCode::kMethodNotAllowed, "use GET on an export file URL"));
  }
  // Both names are checked before anything touches the disk.
  if (!store::IsValidResourceId(call.id) || !bulk::IsExportFileName(call.version)) {
    return RespondError(call, Status::NotFound("no such export file"));
  }
  Result<std::string> path = ctx.exports->FilePath(call.id, call.version);
  if (!path.ok()) return RespondError(call, path.status());
  std::ifstream in(*path, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in) return RespondError(call, Status::IoError("cannot read the export file"));
  http::Response response;
  response.set_header("Content-Type", "application/fhir+ndjson");
  response.body = std::move(body).str();
  call.Respond(std::move(response));
}

}  // namespace lienthong::api
