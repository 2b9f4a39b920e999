// $import: loads NDJSON files into the store as an asynchronous bulk job.
// The request follows the shape of the Bulk Data import proposals: either a
// Parameters resource
//   {"resourceType": "Parameters", "parameter": [
//     {"name": "inputFormat", "valueCode": "application/fhir+ndjson"},
//     {"name": "input", "part": [{"name": "type", "valueCode": "Patient"},
//                                {"name": "url", "valueUri": "file:///..."}]},
//     {"name": "onInvalid", "valueCode": "reject"}]}
// or the equivalent JSON manifest
//   {"inputFormat": "application/fhir+ndjson",
//    "input": [{"type": "Patient", "url": "http://127.0.0.1:9000/Patient.ndjson"}],
//    "onInvalid": "skip"}
// onInvalid is lienthong's: skip (the default) writes the valid lines and
// reports the others; reject writes nothing if any line is invalid. Status,
// cancellation and the error file are in bulk_jobs.cpp.
#include <fmt/format.h>

#include "api/call.h"
#include "api/outcome.h"
#include "bulk/export_job.h"
#include "bulk/import_job.h"
#include "fhir/type_registry.h"
#include "fhir/validator.h"
#include "json/parser.h"

namespace lienthong::api {
namespace {

// The value of a Parameters parameter or part, whatever its value[x] type.
std::string_view ParameterValue(const json::Value& p) {
  for (const char* key : {"valueCode", "valueUri", "valueUrl", "valueString"}) {
    if (const json::Value* v = p.find(key)) return v->text();
  }
  return {};
}

Status SetInvalidLinePolicy(std::string_view code, bulk::ImportRequest& request) {
  if (code == "skip") {
    request.on_invalid = bulk::InvalidLinePolicy::kSkip;
  } else if (code == "reject") {
    request.on_invalid = bulk::InvalidLinePolicy::kReject;
  } else {
    return Status::Invalid("onInvalid must be skip or reject", "onInvalid");
  }
  return Status::Ok();
}

Status AddInput(std::string_view type, std::string_view url, std::string_view where,
                bulk::ImportRequest& request) {
  if (url.empty()) return Status::Invalid("an input needs a url", std::string(where));
  if (!type.empty() && !fhir::TypeRegistry::R4().IsResourceType(type)) {
    return Status::Invalid("an input's type is not an R4 resource type", std::string(where));
  }
  request.inputs.push_back({.type = std::string(type), .url = std::string(url)});
  return Status::Ok();
}

Status CheckFormat(std::string_view format) {
  if (format.empty() || bulk::IsNdjsonFormat(format)) return Status::Ok();
  return Status::Invalid("inputFormat: only application/fhir+ndjson is supported", "inputFormat");
}

Result<bulk::ImportRequest> FromParameters(const json::Value& body) {
  bulk::ImportRequest request;
  const json::Value* parameters = body.find("parameter");
  if (parameters == nullptr) return Status::Invalid("$import needs parameters", "Parameters");
  for (size_t i = 0; i < parameters->size(); ++i) {
    const json::Value& p = parameters->at(i);
    const std::string_view name = p.get_string("name");
    const std::string where = fmt::format("Parameters.parameter[{}]", i);
    if (name == "inputFormat") {
      LT_RETURN_IF_ERROR(CheckFormat(ParameterValue(p)));
    } else if (name == "onInvalid") {
      LT_RETURN_IF_ERROR(SetInvalidLinePolicy(ParameterValue(p), request));
    } else if (name == "input") {
      std::string_view type, url;
      if (const json::Value* parts = p.find("part")) {
        for (const auto& part : parts->members()) {
          if (part.value.get_string("name") == "type") type = ParameterValue(part.value);
          if (part.value.get_string("name") == "url") url = ParameterValue(part.value);
        }
      }
      LT_RETURN_IF_ERROR(AddInput(type, url, where, request));
    } else if (name != "inputSource" && name != "storageDetail") {
      return Status::Invalid(
          fmt::format("$import: parameter {} is not supported (supported: inputFormat, "
                      "inputSource, input, onInvalid)",
                      name.substr(0, 64)),
          where);
    }
  }
  return request;
}

Result<bulk::ImportRequest> FromManifest(const json::Value& body) {
  bulk::ImportRequest request;
  LT_RETURN_IF_ERROR(CheckFormat(body.get_string("inputFormat")));
  if (const json::Value* policy = body.find("onInvalid")) {
    LT_RETURN_IF_ERROR(SetInvalidLinePolicy(policy->text(), request));
  }
  const json::Value* inputs = body.find("input");
  if (inputs == nullptr || !inputs->is_array()) {
    return Status::Invalid("$import needs an input array", "input");
  }
  for (size_t i = 0; i < inputs->size(); ++i) {
    const json::Value& input = inputs->at(i);
    LT_RETURN_IF_ERROR(AddInput(input.get_string("type"), input.get_string("url"),
                                fmt::format("input[{}]", i), request));
  }
  return request;
}

Result<bulk::ImportRequest> ParseImportRequest(const ApiContext& ctx, const http::Request& req) {
  Result<json::Value> body = json::Parse(req.body, {.max_depth = ctx.options.max_json_depth});
  if (!body.ok()) return body.take_status();
  if (!body->is_object()) return Status::Invalid("$import needs a JSON object");
  if (body->find("resourceType") == nullptr) return FromManifest(*body);
  if (body->get_string("resourceType") != "Parameters") {
    return Status::Invalid("$import takes a Parameters resource or a JSON manifest",
                           "resourceType");
  }
  LT_RETURN_IF_ERROR(fhir::Validate(*body));
  return FromParameters(*body);
}

}  // namespace

BulkJobKind ImportJobs(const ApiContext& ctx) { return {"import", ctx.imports}; }

void HandleImportKickOff(ApiContext& ctx, Call&& call) {
  if (Status st = CheckPostKickOff(ImportJobs(ctx), call); !st.ok()) {
    return RespondError(call, st);
  }
  Result<bulk::ImportRequest> request = ParseImportRequest(ctx, call.request);
  if (!request.ok()) return RespondError(call, request.status());
  const bulk::ImportSourcePolicy policy{.file_root = ctx.options.import_file_root};
  Status checked = bulk::CheckImportRequest(*request, policy);
  if (!checked.ok()) return RespondError(call, checked);
  auto work = [&store = ctx.store, import = std::move(request.value()), policy,
               depth = ctx.options.max_json_depth](
                  const std::string& dir, const std::atomic<bool>& cancel,
                  bulk::JobProgress& progress) -> Result<bulk::JobOutput> {
    return bulk::RunImportJob(store, import, policy, depth, dir, cancel, progress);
  };
  StartBulkJob(ctx, call, ImportJobs(ctx), std::move(work));
}

}  // namespace lienthong::api
