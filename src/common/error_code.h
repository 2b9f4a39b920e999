// The one table of error codes: each code's HTTP status and the FHIR
// OperationOutcome issue type it is reported with.
#pragma once

#include <string_view>

namespace lienthong {

enum class ErrorCode {
  kOk,
  kInvalid,               // 400: malformed request, bad parameter, bad JSON
  kUnprocessable,         // 422: well-formed resource that breaks the rules
  kNotFound,              // 404
  kGone,                  // 410: deleted resource
  kConflict,              // 409: id or version conflict
  kPreconditionFailed,    // 412: If-Match failed
  kTooLarge,              // 413: body or bundle over the configured limit
  kUnsupportedMediaType,  // 415
  kNotAcceptable,         // 406
  kMethodNotAllowed,      // 405
  kNotSupported,          // 501: recognised but not implemented
  kTimeout,               // 503: request took longer than allowed
  kUnavailable,           // 503: shutting down
  kIoError,               // 500: storage failure
  kInternal,              // 500: a bug
  kUnauthorized,          // 401: no valid credentials (missing, expired, revoked token)
  kForbidden,             // 403: valid credentials without the right to do this
  kTooManyRequests,       // 429: rate limit
  kCount,                 // the number of codes above; not a code
};

// FHIR IssueType codes (http://hl7.org/fhir/issue-type) that lienthong uses.
enum class IssueType {
  kInvalid,
  kStructure,
  kRequired,
  kValue,
  kInvariant,
  kNotFound,
  kDeleted,
  kConflict,
  kTooLong,
  kTooCostly,
  kNotSupported,
  kBusinessRule,
  kProcessing,
  kException,
  kTimeout,
  kCodeInvalid,
  kInformational,
  kTransient,
  kIncomplete,
  kLogin,
  kForbidden,
  kThrottled,
};

struct ErrorCodeInfo {
  int http_status;
  IssueType issue_type;
  std::string_view name;
};

const ErrorCodeInfo& InfoFor(ErrorCode code);
std::string_view IssueTypeCode(IssueType type);

}  // namespace lienthong
