#include "common/status.h"

#include <fmt/format.h>

namespace lienthong {

Status::Status(ErrorCode code, std::string message) {
  if (code != ErrorCode::kOk) rep_ = std::make_unique<Rep>(Rep{code, std::move(message), {}});
}

Status::Status(ErrorCode code, std::string message, std::vector<Issue> issues) {
  if (code != ErrorCode::kOk) {
    rep_ = std::make_unique<Rep>(Rep{code, std::move(message), std::move(issues)});
  }
}

Status::Status(const Status& other)
    : rep_(other.rep_ ? std::make_unique<Rep>(*other.rep_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) rep_ = other.rep_ ? std::make_unique<Rep>(*other.rep_) : nullptr;
  return *this;
}

namespace {
Status WithExpression(ErrorCode code, std::string message, std::string expression) {
  if (expression.empty()) return Status(code, std::move(message));
  Issue issue{Issue::Severity::kError, InfoFor(code).issue_type, message, std::move(expression)};
  return Status(code, std::move(message), {std::move(issue)});
}
}  // namespace

Status Status::Invalid(std::string message, std::string expression) {
  return WithExpression(ErrorCode::kInvalid, std::move(message), std::move(expression));
}
Status Status::Unprocessable(std::string message, std::string expression) {
  return WithExpression(ErrorCode::kUnprocessable, std::move(message), std::move(expression));
}
Status Status::NotFound(std::string message) {
  return Status(ErrorCode::kNotFound, std::move(message));
}
Status Status::Gone(std::string message) { return Status(ErrorCode::kGone, std::move(message)); }
Status Status::Conflict(std::string message) {
  return Status(ErrorCode::kConflict, std::move(message));
}
Status Status::PreconditionFailed(std::string message) {
  return Status(ErrorCode::kPreconditionFailed, std::move(message));
}
Status Status::TooLarge(std::string message) {
  return Status(ErrorCode::kTooLarge, std::move(message));
}
Status Status::NotSupported(std::string message) {
  return Status(ErrorCode::kNotSupported, std::move(message));
}
Status Status::IoError(std::string message) {
  return Status(ErrorCode::kIoError, std::move(message));
}
Status Status::Unauthorized(std::string message) {
  return Status(ErrorCode::kUnauthorized, std::move(message));
}
Status Status::Forbidden(std::string message) {
  return Status(ErrorCode::kForbidden, std::move(message));
}
Status Status::Internal(std::string message) {
  return Status(ErrorCode::kInternal, std::move(message));
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

const std::vector<Issue>& Status::issues() const {
  static const std::vector<Issue> kNone;
  return rep_ ? rep_->issues : kNone;
}

std::vector<Issue> Status::issues_or_message() const {
  if (!rep_) return {};
  if (!rep_->issues.empty()) return rep_->issues;
  return {Issue{Issue::Severity::kError, InfoFor(rep_->code).issue_type, rep_->message, {}}};
}

std::string Status::ToString() const {
  if (!rep_) return "ok";
  std::string out = fmt::format("{}: {}", InfoFor(rep_->code).name, rep_->message);
  for (const Issue& issue : rep_->issues) {
    out += fmt::format("\n  [{}] {} ({})", IssueTypeCode(issue.type), issue.diagnostics,
                       issue.expression);
  }
  return out;
}

}  // namespace lienthong
