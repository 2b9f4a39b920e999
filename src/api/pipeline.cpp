// The request pipeline: the steps every FHIR request and every batch or
// transaction entry goes through, each written once.
//
//   FhirApi::Handle (HTTP I/O thread)   request options, then posts to the workers
//   RunPipeline (worker)                authentication into a Principal
//   Dispatch (worker; entries too)      route table -> policy -> handler
//   Call::Respond (any thread)          security headers, metrics, access log,
//                                       the on_answered hook (audit)
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/access.h"
#include "api/bundle_entry.h"
#include "api/call.h"
#include "api/outcome.h"
#include "api/route_table.h"
#include "ops/logging.h"

namespace lienthong::api {
namespace {

bool IsOpenInteraction(std::string_view interaction) {
  return interaction == "capabilities" || interaction == "smart-configuration";
}

// The policy step for a matched route; sets call.limits.
Status AuthorizeRoute(const Route& route, Call& call) {
  const auth::Principal& principal = *call.principal;
  switch (route.access) {
    case RouteAccess::kOpen:
      return Status::Ok();
    case RouteAccess::kEntries:
      if (!principal.authenticated()) return Status::Unauthorized("a bearer token is required");
      return Status::Ok();
    case RouteAccess::kType: {
      Result<auth::AccessLimits> limits =
          auth::Authorize(principal, {route.interaction, call.type, route.permissions});
      if (!limits.ok()) return limits.take_status();
      call.limits = std::move(limits.value());
      return Status::Ok();
    }
    case RouteAccess::kAllTypes: {
      Result<auth::AccessLimits> limits =
          auth::Authorize(principal, {route.interaction, "*", route.permissions});
      if (!limits.ok()) return limits.take_status();
      if (!limits->none()) {
        return Status::Forbidden(fmt::format(
            "'{}' is not available under patient/ or query-restricted scopes", route.interaction));
      }
      return Status::Ok();
    }
  }
  return Status::Forbidden("no policy for this route");
}

// Authentication: the principal of a request from outside.
Result<auth::PrincipalPtr> Authenticate(ApiContext& ctx, const Call& call) {
  if (ctx.auth == nullptr) return auth::OpenPrincipal();
  return ctx.auth->Authenticate(call.request, call.options.base_url);
}

void RunPipeline(ApiContext& ctx, Call&& call) {
  if (call.principal == nullptr) {
    Result<auth::PrincipalPtr> principal = Authenticate(ctx, call);
    if (!principal.ok()) {
      call.principal = auth::AnonymousPrincipal();
      return RespondError(call, principal.status());
    }
    call.principal = std::move(principal.value());
  }
  Dispatch(ctx, std::move(call));
}

}  // namespace

void HandleSmartConfiguration(ApiContext& ctx, Call&& call) {
  if (ctx.auth == nullptr || !ctx.auth->enabled()) {
    return RespondError(call, Status::NotFound("this server runs without sign-in (--auth off)"));
  }
  http::Response response =
      JsonResponse(200, ctx.auth->SmartConfiguration(call.request), call.options.pretty);
  response.set_header("Content-Type", "application/json");
  call.Respond(std::move(response));
}

void CommitThen(ApiContext& ctx, std::vector<store::WriteOp> ops, store::CommitCallback done) {
  WorkerPool* pool = ctx.workers;
  if (pool == nullptr) return ctx.store.Commit(std::move(ops), std::move(done));
  ctx.store.Commit(std::move(ops), [pool, done = std::move(done)](
                                       Result<std::vector<store::WriteResult>> result) {
    auto shared = std::make_shared<Result<std::vector<store::WriteResult>>>(std::move(result));
    pool->Post([done, shared] { done(std::move(*shared)); });
  });
}

Result<auth::AccessLimits> AuthorizeEntry(const ApiContext& ctx, const Call& outer,
                                          const EntryRequest& entry) {
  Call probe;
  probe.request = EntryAsRequest(ctx, outer.request, entry, nullptr);
  probe.principal = outer.principal;
  Result<const Route*> route = MatchRoute(ctx, probe);
  if (!route.ok()) return route.take_status();
  if ((*route)->access == RouteAccess::kEntries) {
    return Status::Invalid("a bundle may not contain another batch or transaction");
  }
  LT_RETURN_IF_ERROR(AuthorizeRoute(**route, probe));
  return std::move(probe.limits);
}

void Dispatch(ApiContext& ctx, Call&& call) {
  call.context = &ctx;
  if (call.principal == nullptr) call.principal = auth::AnonymousPrincipal();
  Result<const Route*> route = MatchRoute(ctx, call);
  if (!route.ok()) return RespondError(call, route.status());
  if (Status allowed = AuthorizeRoute(**route, call); !allowed.ok()) {
    return RespondError(call, allowed);
  }
  (*route)->handler(ctx, std::move(call));
}

void Call::Respond(http::Response&& response) {
  if (response.status == 401 &&
      response.headers.end() ==
          std::find_if(response.headers.begin(), response.headers.end(),
                       [](const http::Header& h) { return h.name == "WWW-Authenticate"; })) {
    const bool sent = !request.header("Authorization").empty();
    response.set_header("WWW-Authenticate", sent ? "Bearer realm=\"lienthong\", "
                                                   "error=\"invalid_token\""
                                                 : "Bearer realm=\"lienthong\"");
  }
  if (!IsOpenInteraction(interaction)) response.set_header("Cache-Control", "no-store");
  if (context != nullptr && context->on_answered) context->on_answered(*this, response.status);
  if (metrics != nullptr) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - request.received_at)
            .count();
    metrics->RecordRequest(interaction, response.status, seconds);
    // The path names type and id (needed to attribute access), never query or body.
    if (spdlog::should_log(spdlog::level::info)) {
      spdlog::info(
          R"("msg":"request","request_id":"{}","principal":"{}","remote":"{}","method":"{}","path":"{}","interaction":"{}","status":{},"ms":{:.3f})",
          ops::JsonEscape(request.request_id),
          ops::JsonEscape(principal ? principal->LogName() : "anonymous"),
          ops::JsonEscape(request.remote_address), ops::JsonEscape(request.method),
          ops::JsonEscape(request.path.substr(0, 200)), interaction, response.status,
          seconds * 1000);
    }
  }
  respond(std::move(response));
}

void StartPipeline(ApiContext& ctx, http::Request&& request, http::Responder respond,
                   auth::PrincipalPtr principal) {
  auto call = std::make_shared<Call>();
  call->metrics = &ctx.metrics;
  call->context = &ctx;
  call->respond = std::move(respond);
  call->principal = std::move(principal);
  Result<RequestOptions> options =
      ParseRequestOptions(request, ctx.options.base_url, ctx.options.base_path);
  call->request = std::move(request);
  if (!options.ok()) return call->Respond(ErrorResponse(options.status()));
  call->options = std::move(options.value());
  if (ctx.workers == nullptr) return RunPipeline(ctx, std::move(*call));
  ctx.workers->Post([&ctx, call] { RunPipeline(ctx, std::move(*call)); });
}

}  // namespace lienthong::api
