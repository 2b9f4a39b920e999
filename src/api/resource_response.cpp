#include <fmt/format.h>

#include "api/call.h"
#include "api/outcome.h"
#include "common/time.h"
#include "fhir/summary.h"
#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::api {

void SetVersionHeaders(http::Response& response, const std::string& base_url,
                       const std::string& type, const std::string& id, uint64_t version,
                       int64_t last_updated_us, bool location) {
  response.set_header("ETag", "W/\"" + std::to_string(version) + "\"");
  response.set_header("Last-Modified", FormatHttpDate(last_updated_us));
  if (location) {
    response.set_header("Location",
                        fmt::format("{}/{}/{}/_history/{}", base_url, type, id, version));
  }
}

http::Response ResourceResponse(int status, store::StoredResource&& resource,
                                const RequestOptions& options) {
  http::Response response;
  response.status = status;
  response.set_header("Content-Type", kFhirJson);
  SetVersionHeaders(response, options.base_url, resource.type, resource.id, resource.version,
                    resource.last_updated_us, false);
  if (options.serves_stored_bytes()) {
    response.body = std::move(resource.json);
    return response;
  }
  Result<json::Value> parsed = json::Parse(resource.json, {.max_depth = 1000});
  if (!parsed.ok()) return ErrorResponse(Status::Internal("stored resource is not valid JSON"));
  json::Value& value = parsed.value();
  if (options.summary != fhir::SummaryMode::kFalse) fhir::ApplySummary(value, options.summary);
  if (!options.elements.empty()) fhir::ApplyElements(value, options.elements);
  response.body = json::Write(value, {.pretty = options.pretty});
  return response;
}

}  // namespace lienthong::api
