// $reindex: rebuilds the search index of every current resource as an
// asynchronous job (kick-off with Prefer: respond-async, status polling and
// cancellation as for $export and $import, bulk_jobs.cpp). Needed after a
// load without an index (`lienthong import --no-index`), for a store written
// before search indexing existed, and when the indexed parameters change.
// The server keeps answering meanwhile; searches see each batch once it is
// committed, and say the index is incomplete until the job ends. The job
// first takes up the SearchParameters stored on the server (custom search
// parameters, custom_parameters.h); one that cannot be is answered 422 at
// kick-off.
#include <fmt/format.h>

#include "api/call.h"
#include "api/outcome.h"
#include "search/custom_parameters.h"

namespace lienthong::api {

BulkJobKind ReindexJobs(const ApiContext& ctx) { return {"reindex", ctx.reindexes}; }

void HandleReindexKickOff(ApiContext& ctx, Call&& call) {
  if (Status st = CheckPostKickOff(ReindexJobs(ctx), call); !st.ok()) {
    return RespondError(call, st);
  }
  // Stored SearchParameters that cannot be taken up are answered now.
  Result<std::shared_ptr<const search::SearchRegistry>> checked =
      search::RegistryWithStoredParameters(ctx.store);
  if (!checked.ok()) {
    return RespondError(call, Status(ErrorCode::kUnprocessable, checked.status().message(),
                                     checked.status().issues()));
  }
  auto work = [&ctx](const std::string& /*dir*/, const std::atomic<bool>& cancel,
                     bulk::JobProgress& progress) -> Result<bulk::JobOutput> {
    // The parameters stored when the job starts; writes index them from now.
    LT_RETURN_IF_ERROR(ctx.load_search_parameters());
    LT_RETURN_IF_ERROR(ctx.store.Reindex(
        [&](const store::ReindexProgress& p) { progress.items = p.resources; }, &cancel));
    bulk::JobOutput output;
    output.output.push_back({.type = "Resource", .count = progress.items.load()});
    return output;
  };
  StartBulkJob(ctx, call, ReindexJobs(ctx), std::move(work));
}

}  // namespace lienthong::api
