#include "api/outcome.h"

#include "json/parser.h"
#include "json/writer.h"

namespace lienthong::api {
namespace {

const char* SeverityCode(Issue::Severity s) {
  switch (s) {
    case Issue::Severity::kFatal:
      return "fatal";
    case Issue::Severity::kError:
      return "error";
    case Issue::Severity::kWarning:
      return "warning";
    case Issue::Severity::kInformation:
      return "information";
  }
  return "error";
}

ErrorCode CodeForHttpStatus(int status) {
  switch (status) {
    case 404:
      return ErrorCode::kNotFound;
    case 405:
      return ErrorCode::kMethodNotAllowed;
    case 408:
    case 503:
      return ErrorCode::kTimeout;
    case 413:
      return ErrorCode::kTooLarge;
    case 415:
      return ErrorCode::kUnsupportedMediaType;
    case 500:
      return ErrorCode::kInternal;
    default:
      return ErrorCode::kInvalid;
  }
}

}  // namespace

json::Value MakeOutcome(const std::vector<Issue>& issues) {
  json::Value outcome = json::Value::Object();
  outcome.set("resourceType", json::Value::String("OperationOutcome"));
  json::Value list = json::Value::Array();
  for (const Issue& issue : issues) {
    json::Value entry = json::Value::Object();
    entry.set("severity", json::Value::String(SeverityCode(issue.severity)));
    entry.set("code", json::Value::String(std::string(IssueTypeCode(issue.type))));
    if (!issue.diagnostics.empty()) {
      entry.set("diagnostics", json::Value::String(issue.diagnostics));
    }
    if (!issue.expression.empty()) {
      json::Value expressions = json::Value::Array();
      expressions.push_back(json::Value::String(issue.expression));
      entry.set("expression", std::move(expressions));
    }
    list.push_back(std::move(entry));
  }
  outcome.set("issue", std::move(list));
  return outcome;
}

json::Value MakeInformation(std::string diagnostics) {
  return MakeOutcome({Issue{
      Issue::Severity::kInformation, IssueType::kInformational, std::move(diagnostics), {}}});
}

http::Response BundleTextResponse(std::string body, bool pretty) {
  http::Response response;
  response.set_header("Content-Type", kFhirJson);
  if (pretty) {
    Result<json::Value> parsed = json::Parse(body, {.max_depth = 1000});
    if (parsed.ok()) body = json::Write(*parsed, {.pretty = true});
  }
  response.body = std::move(body);
  return response;
}

http::Response JsonResponse(int http_status, const json::Value& body, bool pretty) {
  http::Response response;
  response.status = http_status;
  response.set_header("Content-Type", kFhirJson);
  response.body = json::Write(body, {.pretty = pretty});
  return response;
}

http::Response ErrorResponse(const Status& status, bool pretty) {
  return JsonResponse(InfoFor(status.code()).http_status, MakeOutcome(status.issues_or_message()),
                      pretty);
}

http::Response ErrorResponse(int http_status, const std::string& message) {
  http::Response response = ErrorResponse(Status(CodeForHttpStatus(http_status), message));
  response.status = http_status;
  return response;
}

}  // namespace lienthong::api
