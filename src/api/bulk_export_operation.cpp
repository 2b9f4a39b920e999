// Bulk Data Access IG 2.0, system-level export: the kick-off request (status,
// deletion and files are in bulk_jobs.cpp). Patient- and Group-level export
// need the patient compartment (search) and are answered 501 by the router.
#include <fmt/format.h>

#include <algorithm>

#include "api/call.h"
#include "api/outcome.h"
#include "bulk/export_job.h"
#include "common/time.h"
#include "fhir/type_registry.h"
#include "store/resource_id.h"

namespace lienthong::api {
namespace {

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

}  // namespace

BulkJobKind ExportJobs(const ApiContext& ctx) { return {"export", ctx.exports}; }

void HandleExportKickOff(ApiContext& ctx, Call&& call) {
  if (call.request.method != "GET") {
    return RespondError(call, Status::NotSupported("$export is supported with GET only"));
  }
  if (!PrefersAsync(call.request)) {
    return RespondError(call, Status::Invalid("$export needs the header Prefer: respond-async"));
  }
  Result<bulk::ExportOptions> options = ParseExportParameters(call.request);
  if (!options.ok()) return RespondError(call, options.status());
  auto work = [&store = ctx.store, export_options = std::move(options.value())](
                  const std::string& dir, const std::atomic<bool>& cancel,
                  bulk::JobProgress& progress) -> Result<bulk::JobOutput> {
    Result<std::vector<bulk::JobFile>> files =
        bulk::RunExport(store, export_options, dir, &cancel, &progress.items);
    if (!files.ok()) return files.take_status();
    return bulk::JobOutput{.output = std::move(files.value()), .error = {}};
  };
  StartBulkJob(ctx, call, ExportJobs(ctx), std::move(work));
}

}  // namespace lienthong::api
