// The access policy: the one function that says whether a principal may do
// an interaction on a resource type, and under which limits. Every route
// and every entry of a batch or transaction asks it before its handler runs
// (api/pipeline.cpp); reads, includes and $everything ask MayRead-style
// follow-up questions with the limits it returns.
//
// Today it enforces SMART scopes: the token must hold a scope granting every
// permission the interaction needs on the type. The limits it returns are
// what a patient/ scope or a v2 query-restricted scope adds: the patient
// whose compartment the data must be in, and the search criteria it must
// match. Facility ownership, care relationships, consent and
// break-the-glass extend this function; they do not add checks elsewhere.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.h"
#include "common/status.h"

namespace lienthong::auth {

struct AccessRequest {
  std::string_view interaction;  // "read", "search-type", "create", ... (for messages)
  std::string_view type;         // a resource type, or "*" for every type
  uint8_t permissions = 0;       // Permission bits the interaction needs
};

// The limits under which access is granted.
struct AccessLimits {
  // Non-empty: only resources in this patient's compartment (patient/ scopes).
  std::string patient;
  // Non-empty: resources must match one of these criteria sets (v2
  // query-restricted scopes), each a list of search parameters.
  std::vector<std::vector<std::pair<std::string, std::string>>> criteria;

  bool none() const { return patient.empty() && criteria.empty(); }
};

// kForbidden names what is missing; kUnauthorized when the principal is
// anonymous. An unrestricted principal (--auth off) may do everything.
Result<AccessLimits> Authorize(const Principal& principal, const AccessRequest& request);

}  // namespace lienthong::auth
