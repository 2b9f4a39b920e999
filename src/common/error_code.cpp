#include "common/error_code.h"

#include <array>

namespace lienthong {

const ErrorCodeInfo& InfoFor(ErrorCode code) {
  // Indexed by ErrorCode; keep in the enum's order.
  static const std::array<ErrorCodeInfo, static_cast<size_t>(ErrorCode::kCount)> kTable = {{
      {200, IssueType::kInformational, "ok"},
      {400, IssueType::kInvalid, "invalid"},
      {422, IssueType::kProcessing, "unprocessable"},
      {404, IssueType::kNotFound, "not-found"},
      {410, IssueType::kDeleted, "gone"},
      {409, IssueType::kConflict, "conflict"},
      {412, IssueType::kConflict, "precondition-failed"},
      {413, IssueType::kTooLong, "too-large"},
      {415, IssueType::kNotSupported, "unsupported-media-type"},
      {406, IssueType::kNotSupported, "not-acceptable"},
      {405, IssueType::kNotSupported, "method-not-allowed"},
      {501, IssueType::kNotSupported, "not-supported"},
      {503, IssueType::kTimeout, "timeout"},
      {503, IssueType::kTransient, "unavailable"},
      {500, IssueType::kException, "io-error"},
      {500, IssueType::kException, "internal"},
      {401, IssueType::kLogin, "unauthorized"},
      {403, IssueType::kForbidden, "forbidden"},
      {429, IssueType::kThrottled, "too-many-requests"},
  }};
  static_assert(kTable.size() == static_cast<size_t>(ErrorCode::kCount));
  return kTable[static_cast<size_t>(code)];
}

std::string_view IssueTypeCode(IssueType type) {
  switch (type) {
    case IssueType::kInvalid:
      return "invalid";
    case IssueType::kStructure:
      return "structure";
    case IssueType::kRequired:
      return "required";
    case IssueType::kValue:
      return "value";
    case IssueType::kInvariant:
      return "invariant";
    case IssueType::kNotFound:
      return "not-found";
    case IssueType::kDeleted:
      return "deleted";
    case IssueType::kConflict:
      return "conflict";
    case IssueType::kTooLong:
      return "too-long";
    case IssueType::kTooCostly:
      return "too-costly";
    case IssueType::kNotSupported:
      return "not-supported";
    case IssueType::kBusinessRule:
      return "business-rule";
    case IssueType::kProcessing:
      return "processing";
    case IssueType::kException:
      return "exception";
    case IssueType::kTimeout:
      return "timeout";
    case IssueType::kCodeInvalid:
      return "code-invalid";
    case IssueType::kInformational:
      return "informational";
    case IssueType::kTransient:
      return "transient";
    case IssueType::kIncomplete:
      return "incomplete";
    case IssueType::kLogin:
      return "login";
    case IssueType::kForbidden:
      return "forbidden";
    case IssueType::kThrottled:
      return "throttled";
  }
  return "exception";
}

}  // namespace lienthong
