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
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

Status MethodNotAllowed(const std::string& method) {
  return Status(ErrorCode::kMethodNotAllowed,
                "method " + method.substr(0, 10) + " is not allowed on this URL");
}

}  // namespace

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

void Call::Respond(http::Response&& response) {
  if (metrics != nullptr) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - request.received_at)
            .count();
    metrics->RecordRequest(interaction, response.status, seconds);
    // The path names type and id (needed to attribute access), never query or body.
    if (spdlog::should_log(spdlog::level::info)) {
      spdlog::info(
          R"("msg":"request","request_id":"{}","remote":"{}","method":"{}","path":"{}","interaction":"{}","status":{},"ms":{:.3f})",
          ops::JsonEscape(request.request_id), ops::JsonEscape(request.remote_address),
          ops::JsonEscape(request.method), ops::JsonEscape(request.path.substr(0, 200)),
          interaction, response.status, seconds * 1000);
    }
  }
  respond(std::move(response));
}

void RespondError(Call& call, const Status& status) {
  call.Respond(ErrorResponse(status, call.options.pretty));
}

void Dispatch(ApiContext& ctx, Call&& call) {
  const std::string& method = call.request.method;
  std::string_view path = call.request.path;
  path.remove_prefix(std::min(path.size(), ctx.options.base_path.size()));
  const std::vector<std::string_view> parts = SplitPath(path);
  auto set_interaction = [&](const char* name) { call.interaction = name; };

  if (parts.empty()) {
    if (method == "POST") {
      set_interaction("batch-transaction");
      return HandleBundle(ctx, std::move(call));
    }
    return RespondError(call, MethodNotAllowed(method));
  }
  if (parts[0] == "metadata" && parts.size() == 1) {
    set_interaction("capabilities");
    if (method != "GET" && method != "HEAD") return RespondError(call, MethodNotAllowed(method));
    return HandleCapabilities(ctx, std::move(call));
  }
  if (parts[0] == "_history" && parts.size() == 1) {
    set_interaction("history-system");
    if (method != "GET" && method != "HEAD") return RespondError(call, MethodNotAllowed(method));
    return HandleHistory(ctx, std::move(call));
  }
  if (parts[0] == "$export" && parts.size() == 1) {
    set_interaction("export");
    return HandleExportKickOff(ctx, std::move(call));
  }
  if (parts[0] == "$import" && parts.size() == 1) {
    set_interaction("import");
    return HandleImportKickOff(ctx, std::move(call));
  }
  if (parts[0] == "$reindex" && parts.size() == 1) {
    set_interaction("reindex");
    return HandleReindexKickOff(ctx, std::move(call));
  }
  for (const BulkJobKind& kind : {ExportJobs(ctx), ImportJobs(ctx), ReindexJobs(ctx)}) {
    const std::string prefix = fmt::format("${}-", kind.name);
    if (!parts[0].starts_with(prefix)) continue;
    const std::string_view route = parts[0].substr(prefix.size());
    if (route == "status" && parts.size() == 2) {
      set_interaction(kind.name[0] == 'e'   ? "export-status"
                      : kind.name[0] == 'i' ? "import-status"
                                            : "reindex-status");
      call.id = std::string(parts[1]);
      return HandleBulkJobStatus(kind, std::move(call));
    }
    if (route == "file" && parts.size() == 3) {
      set_interaction(kind.name[0] == 'e' ? "export-file" : "import-file");
      call.id = std::string(parts[1]);       // the job
      call.version = std::string(parts[2]);  // the file name
      return HandleBulkJobFile(kind, std::move(call));
    }
  }
  call.type = std::string(parts[0]);
  if (!fhir::TypeRegistry::R4().IsResourceType(call.type)) {
    return RespondError(call, Status::NotFound("unknown resource type " + call.type.substr(0, 64)));
  }
  if (parts.size() == 1) {
    if (method == "POST") {
      set_interaction("create");
      return HandleCreate(ctx, std::move(call));
    }
    if (method == "GET" || method == "HEAD") {
      set_interaction("search-type");
      return HandleSearch(ctx, std::move(call));
    }
    if (!call.request.query.empty() && method == "PUT") {
      set_interaction("conditional-update");
      return HandleConditionalUpdate(ctx, std::move(call));
    }
    if (!call.request.query.empty() && method == "DELETE") {
      set_interaction("conditional-delete");
      return HandleConditionalDelete(ctx, std::move(call));
    }
    if (!call.request.query.empty() && method == "PATCH") {
      set_interaction("conditional-patch");
      return HandleConditionalPatch(ctx, std::move(call));
    }
    return RespondError(call, MethodNotAllowed(method));
  }
  if (parts.size() == 2 && parts[1] == "_search") {
    set_interaction("search-type");
    if (method != "POST") return RespondError(call, MethodNotAllowed(method));
    return HandleSearch(ctx, std::move(call));
  }
  if (parts.size() == 2 && parts[1] == "_history") {
    set_interaction("history-type");
    if (method != "GET" && method != "HEAD") return RespondError(call, MethodNotAllowed(method));
    return HandleHistory(ctx, std::move(call));
  }
  if ((parts.size() == 2 && parts[1] == "$export") ||
      (parts.size() == 3 && parts[2] == "$export")) {
    set_interaction("export");
    if (parts.size() == 3) call.id = std::string(parts[1]);
    return HandleExportKickOff(ctx, std::move(call));
  }
  call.id = std::string(parts[1]);
  if (parts.size() == 3 && call.type == "Patient" && parts[2] == "$everything") {
    set_interaction("everything");
    if (method != "GET" && method != "HEAD") return RespondError(call, MethodNotAllowed(method));
    return HandleEverything(ctx, std::move(call));
  }
  if (parts.size() == 3 && fhir::TypeRegistry::R4().IsResourceType(parts[2])) {
    set_interaction("search-compartment");
    if (method != "GET" && method != "HEAD") return RespondError(call, MethodNotAllowed(method));
    if (call.type != "Patient") {
      return RespondError(call, Status::NotFound("only the Patient compartment is supported"));
    }
    call.compartment_id = std::move(call.id);
    call.id.clear();
    call.type = std::string(parts[2]);
    return HandleSearch(ctx, std::move(call));
  }
  if (parts.size() == 2) {
    if (method == "GET" || method == "HEAD") {
      set_interaction("read");
      return HandleRead(ctx, std::move(call));
    }
    if (method == "PUT") {
      set_interaction("update");
      return HandleUpdate(ctx, std::move(call));
    }
    if (method == "PATCH") {
      set_interaction("patch");
      return HandlePatch(ctx, std::move(call));
    }
    if (method == "DELETE") {
      set_interaction("delete");
      return HandleDelete(ctx, std::move(call));
    }
    return RespondError(call, MethodNotAllowed(method));
  }
  if (parts[2] == "_history" && parts.size() <= 4) {
    if (method != "GET" && method != "HEAD") return RespondError(call, MethodNotAllowed(method));
    if (parts.size() == 3) {
      set_interaction("history-instance");
      return HandleHistory(ctx, std::move(call));
    }
    set_interaction("vread");
    call.version = std::string(parts[3]);
    return HandleVRead(ctx, std::move(call));
  }
  return RespondError(call, Status::NotFound("no FHIR interaction at this URL"));
}

FhirApi::FhirApi(store::ResourceStore& store, ops::Metrics& metrics, ApiOptions options,
                 search::LiveRegistry* registry)
    : context_(std::make_unique<Context>(store, metrics, std::move(options))) {
  context_->registry = registry != nullptr ? registry : &context_->own_registry;
  context_->UseRegistry(context_->registry->Get());
  context_->api.load_search_parameters = [this] { return LoadSearchParameters(); };
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

Status FhirApi::LoadSearchParameters() {
  Result<std::shared_ptr<const search::SearchRegistry>> next =
      search::RegistryWithStoredParameters(context_->api.store);
  if (!next.ok()) return next.take_status();
  if (next.value().get() != context_->registry->Get().get()) {
    context_->UseRegistry(std::move(next.value()));
  }
  return Status::Ok();
}

void FhirApi::Handle(http::Request&& request, http::Responder respond) {
  Call call;
  call.metrics = &context_->api.metrics;
  call.respond = std::move(respond);
  Result<RequestOptions> options =
      ParseRequestOptions(request, context_->api.options.base_url, context_->api.options.base_path);
  if (!options.ok()) {
    call.request = std::move(request);
    call.Respond(ErrorResponse(options.status()));
    return;
  }
  call.options = std::move(options.value());
  call.request = std::move(request);
  Dispatch(context_->api, std::move(call));
}

}  // namespace lienthong::api
