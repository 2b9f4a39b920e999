// OperationOutcome: how every failure and informational message reaches a
// FHIR client. The one place where a Status becomes an HTTP response.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "http/message.h"
#include "json/value.h"

namespace lienthong::api {

// An OperationOutcome resource carrying the issues.
json::Value MakeOutcome(const std::vector<Issue>& issues);
// A single informational issue.
json::Value MakeInformation(std::string diagnostics);

// The HTTP response for a failed Status: its code's HTTP status and an
// OperationOutcome body naming each issue and its location.
http::Response ErrorResponse(const Status& status, bool pretty = false);
// The same for errors detected before FHIR handling (e.g. by the HTTP layer).
http::Response ErrorResponse(int http_status, const std::string& message);

// A FHIR JSON response with `body` as its content.
http::Response JsonResponse(int http_status, const json::Value& body, bool pretty);
// 200 with a Bundle assembled as text (stored resources copied in as they
// are); re-indented when `pretty`.
http::Response BundleTextResponse(std::string body, bool pretty);

// application/fhir+json with charset, the only format served for now.
inline constexpr const char* kFhirJson = "application/fhir+json;charset=utf-8";

}  // namespace lienthong::api
