// The state shared by the interaction handlers: one Call per request, one
// ApiContext per server.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "api/fhir_api.h"
#include "api/request_options.h"
#include "api/worker_pool.h"
#include "auth/auth_service.h"
#include "auth/policy.h"
#include "auth/principal.h"
#include "bulk/job_registry.h"
#include "http/message.h"
#include "json/value.h"
#include "ops/metrics.h"
#include "search/search_engine.h"
#include "store/resource_store.h"

namespace lienthong::api {

struct Call;

struct ApiContext {
  store::ResourceStore& store;
  ops::Metrics& metrics;
  ApiOptions options;
  bulk::JobRegistry* exports = nullptr;    // null: bulk export is not offered
  bulk::JobRegistry* imports = nullptr;    // null: bulk import is not offered
  bulk::JobRegistry* reindexes = nullptr;  // null: $reindex is not offered
  // The engine of the registry in use: replaced when custom search
  // parameters are taken up ($reindex); a request reads it once.
  std::atomic<const search::SearchEngine*> search{nullptr};
  // Takes up the SearchParameters stored now (FhirApi::LoadSearchParameters).
  std::function<Status()> load_search_parameters;
  // Where handlers and commit continuations run; never null while serving.
  WorkerPool* workers = nullptr;
  // Sign-in and tokens; null: every request is served as the open principal.
  auth::AuthService* auth = nullptr;
  // Called once for every answered call, top-level or batch entry (the audit
  // trail plugs in here); may be empty.
  std::function<void(const Call&, int status)> on_answered;
};

// One FHIR request on its way through the handlers.
struct Call {
  http::Request request;
  http::Responder respond;  // the raw responder; answer through Respond()
  RequestOptions options;
  std::string type;  // resource type from the URL, if any
  std::string id;    // logical id from the URL, if any
  std::string version;
  // Compartment search (Patient/123/Observation): the patient's id.
  std::string compartment_id;
  // Set by the router so that metrics and logs name the interaction.
  const char* interaction = "other";
  // Set for requests from outside (not batch entries): Respond() records the
  // request in these metrics and in the access log. Outlives the call.
  ops::Metrics* metrics = nullptr;
  // Who asks (set by the pipeline before routing; batch entries inherit it),
  // and the limits the policy granted this interaction under.
  auth::PrincipalPtr principal;
  auth::AccessLimits limits;
  // Set by the pipeline; the context's on_answered hook. Outlives the call.
  const ApiContext* context = nullptr;

  // Answers the request, exactly once, from any thread.
  void Respond(http::Response&& response);
};

// Commits `ops` and continues with `done` on the worker pool, never on the
// commit thread.
void CommitThen(ApiContext& ctx, std::vector<store::WriteOp> ops, store::CommitCallback done);

// Whether the request's time limit (http::Request::deadline) has passed; a
// request with no deadline set never times out.
bool PastDeadline(const http::Request& request);
Status DeadlineExceeded();

// Answers `call` with the error.
void RespondError(Call& call, const Status& status);

// The response for one stored version: the stored bytes when no
// transformation is asked for, otherwise the transformed resource; with
// ETag, Last-Modified and Content-Type.
http::Response ResourceResponse(int status, store::StoredResource&& resource,
                                const RequestOptions& options);
// ETag, Last-Modified (and Location when location is true) for a version.
void SetVersionHeaders(http::Response& response, const std::string& base_url,
                       const std::string& type, const std::string& id, uint64_t version,
                       int64_t last_updated_us, bool location);

// Parses a request body as a resource of `expected_type` (any type when
// empty), enforcing the JSON depth limit, and (when `validate`) validates it
// against R4. kUnsupportedMediaType, kInvalid (bad JSON, wrong type) or
// kUnprocessable.
Result<json::Value> ParseResourceBody(const ApiContext& ctx, const http::Request& request,
                                      const std::string& expected_type, bool validate = true);

// Applies a patch (a JSON Patch array or a FHIRPath Patch Parameters) to a
// resource as stored: kInvalid for a malformed patch, kUnprocessable when it
// does not apply or would change resourceType or id. The result is not
// validated; the caller validates it as it would any update.
Status ApplyPatch(PatchFormat format, const json::Value& patch, json::Value& resource);

// The version an ETag names: W/"3" or "3" -> 3; kInvalid otherwise.
Result<uint64_t> ParseVersionETag(std::string_view etag);

// Interaction handlers. Each answers the call exactly once.
void HandleRead(ApiContext& ctx, Call&& call);
void HandleVRead(ApiContext& ctx, Call&& call);
void HandleCreate(ApiContext& ctx, Call&& call);
void HandleUpdate(ApiContext& ctx, Call&& call);
void HandlePatch(ApiContext& ctx, Call&& call);
void HandleDelete(ApiContext& ctx, Call&& call);
void HandleHistory(ApiContext& ctx, Call&& call);
void HandleCapabilities(ApiContext& ctx, Call&& call);
void HandleBundle(ApiContext& ctx, Call&& call);
void HandleSearch(ApiContext& ctx, Call&& call);
void HandleEverything(ApiContext& ctx, Call&& call);
void HandleConditionalUpdate(ApiContext& ctx, Call&& call);
void HandleConditionalDelete(ApiContext& ctx, Call&& call);
// Conditional patch: 404 when nothing matches, 412 when several resources do.
void HandleConditionalPatch(ApiContext& ctx, Call&& call);

// The ids of `type` that match search criteria given as query pairs (strict:
// an unknown parameter is an error); kPreconditionFailed without criteria.
Result<std::vector<std::string>> MatchConditional(
    const ApiContext& ctx, const std::string& type,
    const std::vector<std::pair<std::string, std::string>>& params);
// Bulk Data jobs: kick-off ($export, $import), status and deletion
// ($export-status/{job}, $import-status/{job}) and the files a job made
// ($export-file/{job}/{file}, $import-file/{job}/{file}).
struct BulkJobKind {
  const char* name;             // "export", "import" or "reindex": names routes and messages
  bulk::JobRegistry* registry;  // null: not offered
};
BulkJobKind ExportJobs(const ApiContext& ctx);
BulkJobKind ImportJobs(const ApiContext& ctx);
BulkJobKind ReindexJobs(const ApiContext& ctx);
// Whether the Prefer header holds respond-async.
bool PrefersAsync(const http::Request& request);
// What a POST kick-off of `kind` needs: the jobs offered (501), POST (405)
// and Prefer: respond-async (400).
Status CheckPostKickOff(const BulkJobKind& kind, const Call& call);
// Queues `work` and answers 202 with the status URL in Content-Location.
void StartBulkJob(ApiContext& ctx, Call& call, const BulkJobKind& kind, bulk::JobWork work);
void HandleExportKickOff(ApiContext& ctx, Call&& call);
void HandleImportKickOff(ApiContext& ctx, Call&& call);
void HandleReindexKickOff(ApiContext& ctx, Call&& call);
void HandleBulkJobStatus(const BulkJobKind& kind, Call&& call);
void HandleBulkJobFile(const BulkJobKind& kind, Call&& call);

// The request pipeline (pipeline.cpp). StartPipeline takes a request from
// outside: reads its options, then on a worker authenticates it (unless
// `principal` is given) and dispatches it. Dispatch routes a call whose
// principal is set (also each batch or transaction entry): route table,
// policy, handler.
void StartPipeline(ApiContext& ctx, http::Request&& request, http::Responder respond,
                   auth::PrincipalPtr principal);
void Dispatch(ApiContext& ctx, Call&& call);

}  // namespace lienthong::api
