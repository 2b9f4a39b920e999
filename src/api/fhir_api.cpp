#include "api/fhir_api.h"

#include <fmt/format.h>

#include <spdlog/spdlog.h>
#include <mutex>

#include <chrono>
#include <memory>

#include "api/call.h"
#include "api/outcome.h"
#include "fhir/type_registry.h"
#include "ops/logging.h"

namespace lienthong::api {

struct FhirApi::Context {
  Context(store::ResourceStore& store, ops::Metrics& metrics, ApiOptions options)
      : api{store, metrics, std::move(options)} {}

  ApiContext api;
  std::unique_ptr<bulk::JobRegistry> exports;
  std::unique_ptr<bulk::JobRegistry> imports;
  std::unique_ptr<bulk::JobRegistry> reindexes;
  search::LiveRegistry own_registry;
  search::LiveRegistry* registry = nullptr;  // the indexer's, or own_registry
  // Every engine made so far, with the registry it reads: a request may
  // still be using an earlier one when a newer one is taken up.
  std::mutex engines_mu;
  std::vector<std::pair<std::shared_ptr<const search::SearchRegistry>,
                        std::unique_ptr<search::SearchEngine>>>
      engines;

  // Last, so that it is destroyed first: no handler runs once the rest goes.
  std::unique_ptr<WorkerPool> workers;

  void UseRegistry(std::shared_ptr<const search::SearchRegistry> next) {
    std::lock_guard<std::mutex> lock(engines_mu);
    auto engine = std::make_unique<search::SearchEngine>(api.store, *next);
    api.search.store(engine.get());
    registry->Set(next);
    engines.emplace_back(std::move(next), std::move(engine));
  }
};

bool PastDeadline(const http::Request& request) {
  return request.deadline != std::chrono::steady_clock::time_point() &&
         std::chrono::steady_clock::now() > request.deadline;
}

Status DeadlineExceeded() {
  return Status(ErrorCode::kTimeout, "the request took longer than the server's time limit");
}

void RespondError(Call& call, const Status& status) {
  call.Respond(ErrorResponse(status, call.options.pretty));
}

FhirApi::FhirApi(store::ResourceStore& store, ops::Metrics& metrics, ApiOptions options,
                 search::LiveRegistry* registry)
    : context_(std::make_unique<Context>(store, metrics, std::move(options))) {
  context_->registry = registry != nullptr ? registry : &context_->own_registry;
  context_->UseRegistry(context_->registry->Get());
  context_->api.load_search_parameters = [this] { return LoadSearchParameters(); };
  context_->api.auth = context_->api.options.auth;
  if (context_->api.options.worker_threads > 0) {
    context_->workers = std::make_unique<WorkerPool>(context_->api.options.worker_threads);
    context_->api.workers = context_->workers.get();
  }
  if (!context_->api.options.export_dir.empty()) {
    context_->exports =
        std::make_unique<bulk::JobRegistry>("export", context_->api.options.export_dir);
    context_->api.exports = context_->exports.get();
  }
  if (!context_->api.options.import_dir.empty()) {
    context_->imports =
        std::make_unique<bulk::JobRegistry>("import", context_->api.options.import_dir);
    context_->api.imports = context_->imports.get();
  }
  if (!context_->api.options.reindex_dir.empty()) {
    context_->reindexes =
        std::make_unique<bulk::JobRegistry>("reindex", context_->api.options.reindex_dir);
    context_->api.reindexes = context_->reindexes.get();
  }
}

FhirApi::~FhirApi() = default;

void FhirApi::Handle(http::Request&& request, http::Responder respond,
                     auth::PrincipalPtr principal) {
  StartPipeline(context_->api, std::move(request), std::move(respond), std::move(principal));
}

void FhirApi::RunOnWorkers(std::function<void()> task) {
  if (context_->api.workers == nullptr) return task();
  context_->api.workers->Post(std::move(task));
}

void FhirApi::SetAnsweredHook(std::function<void(const Call&, int status)> hook) {
  context_->api.on_answered = std::move(hook);
}

Status FhirApi::LoadSearchParameters() {
  Result<std::shared_ptr<const search::SearchRegistry>> next =
      search::RegistryWithStoredParameters(context_->api.store);
  if (!next.ok()) return next.take_status();
  if (next.value().get() != context_->registry->Get().get()) {
    context_->UseRegistry(std::move(next.value()));
  }
  return Status::Ok();
}

}  // namespace lienthong::api
