// Status and Result<T>: how every layer below api/ reports failure.
//
// A Status is either OK (which costs one null pointer) or an error code with a
// message and, for validation failures, the list of issues found, each with the
// FHIRPath location of the problem. The api/ layer turns a failed Status into an
// HTTP status and an OperationOutcome in one place (api/outcome.h); the mapping
// from code to HTTP status and issue type lives in error_code.h.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/error_code.h"

namespace lienthong {

// One problem found in a request: what it is, where it is, and how bad.
struct Issue {
  enum class Severity { kFatal, kError, kWarning, kInformation };
  Severity severity = Severity::kError;
  IssueType type = IssueType::kInvalid;
  std::string diagnostics;  // human-readable; never contains resource content
  std::string expression;   // FHIRPath location, e.g. "Patient.birthDate"; may be empty
};

class Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message);
  Status(ErrorCode code, std::string message, std::vector<Issue> issues);

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status Ok() { return Status(); }
  static Status Invalid(std::string message, std::string expression = {});
  static Status Unprocessable(std::string message, std::string expression = {});
  static Status NotFound(std::string message);
  static Status Gone(std::string message);
  static Status Conflict(std::string message);
  static Status PreconditionFailed(std::string message);
  static Status TooLarge(std::string message);
  static Status NotSupported(std::string message);
  static Status IoError(std::string message);
  static Status Internal(std::string message);
  static Status Unauthorized(std::string message);
  static Status Forbidden(std::string message);

  bool ok() const { return rep_ == nullptr; }
  ErrorCode code() const { return rep_ ? rep_->code : ErrorCode::kOk; }
  // Empty for OK.
  const std::string& message() const;
  // The issues carried by a validation failure; for other errors one issue is
  // synthesised from the code and message by issues_or_message().
  const std::vector<Issue>& issues() const;
  std::vector<Issue> issues_or_message() const;

  // "code: message" for logs and tests.
  std::string ToString() const;

 private:
  struct Rep {
    ErrorCode code;
    std::string message;
    std::vector<Issue> issues;
  };
  std::unique_ptr<Rep> rep_;
};

// Either a value or a failed Status. Accessing value() of a failed Result is a
// programming error (checked by assert in debug builds).
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  Status take_status() { return ok() ? Status() : std::move(std::get<Status>(data_)); }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace lienthong

// Returns from the enclosing function when the Status expression failed.
#define LT_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::lienthong::Status lt_status_ = (expr); \
    if (!lt_status_.ok()) return lt_status_; \
  } while (false)
