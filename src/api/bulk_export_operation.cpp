// Bulk Data Access IG 2.0 export at system, Patient and Group level: the
// kick-off request (status, deletion and files are in bulk_jobs.cpp).
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <set>

#include "api/call.h"
#include "api/outcome.h"
#include "bulk/export_job.h"
#include "common/time.h"
#include "fhir/type_registry.h"
#include "json/parser.h"
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

// Patient-level ($export on Patient: every patient) and Group-level (the
// group's Patient members) export: only the types of the Patient
// compartment, and of those only resources in a chosen patient's compartment.
Status ScopeToPatients(const ApiContext& ctx, const Call& call, bulk::ExportOptions& options) {
  const search::SearchEngine* engine = ctx.search.load();
  if (engine == nullptr) return Status::NotSupported("search is not enabled");
  const std::vector<std::string> compartment = engine->registry().PatientCompartmentTypes();
  if (options.types.empty()) {
    options.types = compartment;
  } else {
    for (const std::string& t : options.types) {
      if (!std::binary_search(compartment.begin(), compartment.end(), t)) {
        return Status::Invalid(
            fmt::format("_type: {} is not in the Patient compartment", t.substr(0, 64)), "_type");
      }
    }
  }
  std::shared_ptr<std::set<std::string>> members;  // null: every patient
  if (call.type == "Group") {
    Result<store::StoredResource> group = ctx.store.Read("Group", call.id);
    if (!group.ok()) return group.status();
    if (group->deleted) return Status::Gone(fmt::format("Group/{} was deleted", call.id));
    Result<json::Value> parsed = json::Parse(group->json, {.max_depth = 1000});
    if (!parsed.ok()) return Status::Internal("stored Group is not JSON");
    members = std::make_shared<std::set<std::string>>();
    if (const json::Value* list = parsed->find("member")) {
      for (const auto& m : list->members()) {
        const json::Value* entity = m.value.find("entity");
        const std::string_view ref = entity ? entity->get_string("reference") : "";
        if (ref.starts_with("Patient/")) members->insert(std::string(ref.substr(8)));
      }
    }
  }
  options.include = [engine, members](const store::StoredResource& r) {
    Result<std::vector<std::string>> patients = engine->PatientsOf(r.type, r.id);
    if (!patients.ok() || patients->empty()) return false;
    if (!members) return true;
    for (const std::string& p : *patients) {
      if (members->count(p) > 0) return true;
    }
    return false;
  };
  return Status::Ok();
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
  if (call.type == "Patient" || call.type == "Group") {
    Status scoped = ScopeToPatients(ctx, call, *options);
    if (!scoped.ok()) return RespondError(call, scoped);
  } else if (!call.type.empty()) {
    return RespondError(call, Status::NotFound("$export is offered at system, Patient and "
                                               "Group level"));
  }
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
