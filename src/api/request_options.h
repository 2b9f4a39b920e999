// What a FHIR request asks about the shape of its answer: format, _pretty,
// _summary, _elements and the Prefer header, checked once per request.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "fhir/summary.h"
#include "http/message.h"

namespace lienthong::api {

enum class PreferReturn { kDefault, kMinimal, kRepresentation, kOperationOutcome };

struct RequestOptions {
  bool pretty = false;
  fhir::SummaryMode summary = fhir::SummaryMode::kFalse;
  std::vector<std::string> elements;
  PreferReturn prefer_return = PreferReturn::kDefault;
  std::string base_url;  // e.g. "http://localhost:8080/fhir", no trailing slash

  // Whether a stored resource can be sent as stored, byte for byte.
  bool serves_stored_bytes() const {
    return !pretty && summary == fhir::SummaryMode::kFalse && elements.empty();
  }
};

// kNotAcceptable when _format or Accept asks only for formats other than JSON;
// kInvalid for a malformed _summary.
Result<RequestOptions> ParseRequestOptions(const http::Request& request,
                                           const std::string& configured_base_url,
                                           const std::string& base_path);

// Checks that the request body is FHIR JSON: kUnsupportedMediaType otherwise.
Status CheckBodyContentType(const http::Request& request);

// The two bodies PATCH takes: a JSON Patch (application/json-patch+json) or
// a FHIRPath Patch, which is a Parameters resource in FHIR JSON.
enum class PatchFormat { kJsonPatch, kFhirPathPatch };

// The patch format the Content-Type names; kUnsupportedMediaType for others.
Result<PatchFormat> PatchBodyFormat(const http::Request& request);

}  // namespace lienthong::api
