// $reindex: rebuilds the search index of every current resource as an
// asynchronous job (kick-off with Prefer: respond-async, status polling and
// cancellation as for $export and $import, bulk_jobs.cpp). Needed after a
// load without an index (`lienthong import --no-index`), for a store written
// before search indexing existed, and when the indexed parameters change.
// The server keeps answering meanwhile; searches see each batch once it is
// committed, and say the index is incomplete until the job ends.
#include <fmt/format.h>

#include "api/call.h"
#include "api/outcome.h"

namespace lienthong::api {

BulkJobKind ReindexJobs(const ApiContext& ctx) { return {"reindex", ctx.reindexes}; }

void HandleReindexKickOff(ApiContext& ctx, Call&& call) {
  if (ctx.reindexes == nullptr) {
    return RespondError(call, Status::NotSupported("$reindex is not enabled on this server"));
  }
  if (call.request.method != "POST") {
    return RespondError(call, Status(ErrorCode::kMethodNotAllowed, "$reindex takes a POST"));
  }
  if (!PrefersAsync(call.request)) {
    return RespondError(call, Status::Invalid("$reindex needs the header Prefer: respond-async"));
  }
  auto work = [&store = ctx.store](const std::string& /*dir*/, const std::atomic<bool>& cancel,
                                   bulk::JobProgress& progress) -> Result<bulk::JobOutput> {
    LT_RETURN_IF_ERROR(store.Reindex(
        [&](const store::ReindexProgress& p) { progress.items = p.resources; }, &cancel));
    bulk::JobOutput output;
    output.output.push_back({.type = "Resource", .count = progress.items.load()});
    return output;
  };
  StartBulkJob(ctx, call, ReindexJobs(ctx), std::move(work));
}

}  // namespace lienthong::api
