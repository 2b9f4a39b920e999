#include "auth/policy.h"

#include <fmt/format.h>

namespace lienthong::auth {

Result<AccessLimits> Authorize(const Principal& principal, const AccessRequest& request) {
  if (principal.unrestricted()) return AccessLimits{};
  if (!principal.authenticated()) return Status::Unauthorized("a bearer token is required");
  const std::vector<const ResourceScope*> granting =
      principal.scopes.Granting(request.type, request.permissions);
  if (granting.empty()) {
    return Status::Forbidden(fmt::format(
        "the token's scopes do not allow '{}' ({}) on {}", request.interaction,
        PermissionLetters(request.permissions), request.type == "*" ? "every type" : request.type));
  }
  // The broadest grant wins: a user/ or system/ scope without a restriction
  // lifts every limit; otherwise the limits of what does grant apply.
  AccessLimits limits;
  bool patient_only = true;
  for (const ResourceScope* s : granting) {
    if (s->context != ScopeContext::kPatient) patient_only = false;
  }
  for (const ResourceScope* s : granting) {
    if (!patient_only && s->context == ScopeContext::kPatient) continue;
    if (s->restriction.empty()) {
      limits.criteria.clear();
      break;
    }
    limits.criteria.push_back(s->restriction);
  }
  if (patient_only) {
    if (principal.patient.empty()) {
      return Status::Forbidden("patient/ scopes need a patient context, which this token lacks");
    }
    limits.patient = principal.patient;
  }
  return limits;
}

}  // namespace lienthong::auth
