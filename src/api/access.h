// Applying the policy's limits (auth::AccessLimits) to what a handler
// touches. The policy decides per interaction and type (auth/policy.h); what
// a patient/ scope or a query-restricted scope adds depends on the resource
// itself, which only the handler reads, so handlers ask these functions.
//
// Every function answers kForbidden with a message naming the reason, and
// OK when the limits are met (always, for a principal without limits).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/call.h"
#include "search/search_query.h"

namespace lienthong::api {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// A stored resource the call addresses (read, vread, history, update, patch,
// delete) against the call's limits: in the patient's compartment, matching
// a restriction.
Status CheckLimitsOn(const ApiContext& ctx, const Call& call, std::string_view type,
                     std::string_view id);
// Whether the call's principal may read a resource it did not address
// (an _include, a $everything entry): the type's read scope, then its limits.
Status CheckReadable(const ApiContext& ctx, const Call& call, std::string_view type,
                     std::string_view id);
// The content about to be written: under patient/ scopes it must be in the
// patient's compartment (and so must the version it replaces); writes
// under query-restricted scopes are refused.
Status CheckWriteLimits(const ApiContext& ctx, const Call& call, const store::WriteOp& op);
// A search under limits: the patient's compartment is set on the call (or
// _id for Patient), a restriction's criteria are added to `params`.
Status ApplySearchLimits(const ApiContext& ctx, Call& call, QueryParams& params);
// Chains and _has reach other types: the principal must be allowed to search
// them too, or the search would tell what it may not read.
Status CheckSearchReach(const Call& call, const search::SearchQuery& query);

}  // namespace lienthong::api
