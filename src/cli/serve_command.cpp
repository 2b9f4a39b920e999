#include "cli/serve_command.h"

#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <filesystem>
#include <thread>

#include "api/call.h"
#include "api/fhir_api.h"
#include "api/outcome.h"
#include "audit/audit_event.h"
#include "audit/audit_log.h"
#include "bulk/file_importer.h"
#include "cli/auth_setup.h"
#include "cli/configured_store.h"
#include "cli/demo_accounts.h"
#include "common/time.h"
#include "fhir/type_registry.h"
#include "http/cors.h"
#include "http/server.h"
#include "ops/logging.h"
#include "ops/metrics.h"
#include "search/resource_indexer.h"
#include "store/backup_schedule.h"
#include "store/resource_store.h"
#include "synth/generator.h"

namespace lienthong::cli {
namespace {

// Generates a small synthetic province and loads it into an empty store, so
// that a newcomer sees real-looking Vietnamese data at once. The same seed
// gives the same province on every machine.
void LoadDemoProvince(api::FhirApi& api, store::ResourceStore& store, uint64_t patients) {
  bool empty = true;
  (void)store.ForEachCurrent("Patient", [&](const store::StoredResource&) {
    empty = false;
    return false;
  });
  if (!empty || patients == 0) return;
  std::error_code ec;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path(ec) / ("lienthong-demo-" + std::to_string(::getpid()));
  synth::GenerateOptions options;
  options.patients = patients;
  options.seed = 1;
  options.out_dir = dir.string();
  spdlog::info(R"("msg":"generating the demo province","patients":{})", patients);
  spdlog::default_logger()->flush();
  Result<synth::GenerateReport> generated = synth::Generate(options);
  if (!generated.ok()) {
    spdlog::error(R"("msg":"demo province could not be generated","error":"{}")",
                  ops::JsonEscape(generated.status().message()));
    std::filesystem::remove_all(dir, ec);
    return;
  }
  bulk::FileImporter importer(api, store);
  bulk::ImportReport report;
  Status loaded = importer.Import({dir.string()}, report);
  std::filesystem::remove_all(dir, ec);
  if (!loaded.ok()) {
    spdlog::error(R"("msg":"demo province failed to load","error":"{}")",
                  ops::JsonEscape(loaded.message()));
    return;
  }
  spdlog::info(R"("msg":"demo province loaded","patients":{},"resources":{},"rejected":{})",
               patients, report.resources, report.rejected);
}

// The server's own backups (backup_dir, backup_interval_minutes, backup_keep):
// one log line per backup, with figures only. Null when none are configured.
std::unique_ptr<store::BackupSchedule> StartBackupSchedule(const ops::ServerConfig& config,
                                                           store::ResourceStore& store) {
  if (config.backup_interval_minutes == 0 || config.backup_dir.empty()) return nullptr;
  spdlog::info(R"("msg":"scheduled backups","backup_dir":"{}","interval_minutes":{},"keep":{})",
               ops::JsonEscape(config.backup_dir), config.backup_interval_minutes,
               config.backup_keep);
  auto report = [](const Result<store::BackupSummary>& r, double seconds) {
    if (!r.ok()) {
      spdlog::error(R"("msg":"backup failed","error":"{}")", ops::JsonEscape(r.status().message()));
      return;
    }
    spdlog::info(
        R"("msg":"backup taken","id":{},"files":{},"bytes":{},"new_bytes":{},"seconds":{:.2f})",
        r->id, r->files, r->bytes, r->added_bytes, seconds);
  };
  return std::make_unique<store::BackupSchedule>(
      store, config.backup_dir, std::chrono::minutes(config.backup_interval_minutes),
      config.backup_keep, report);
}

}  // namespace

namespace {

// SIGTERM and SIGINT stop the server; SIGHUP reloads its TLS files.
sigset_t ServeSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  return signals;
}

// SIGHUP: reloads the TLS certificate and key (renewal without a restart). A
// failed reload keeps the files in use and is logged.
void ReloadTls(http::Server& server) {
  if (!server.tls()) {
    spdlog::info(R"("msg":"SIGHUP ignored: TLS is off")");
    return;
  }
  Status reloaded = server.ReloadTls();
  if (reloaded.ok()) {
    spdlog::info(R"("msg":"TLS certificate and key reloaded")");
  } else {
    spdlog::error(R"("msg":"TLS reload failed; the previous certificate stays","error":"{}")",
                  ops::JsonEscape(reloaded.message()));
  }
}

// Returns the signal that asks the server to stop, serving SIGHUPs meanwhile.
int WaitForStopSignal(const sigset_t& signals, http::Server& server) {
  for (;;) {
    int received = 0;
    if (sigwait(&signals, &received) != 0) continue;
    if (received != SIGHUP) return received;
    ReloadTls(server);
  }
}

}  // namespace

void BlockStopSignals() {
  const sigset_t signals = ServeSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

// The top-level routes outside the FHIR API: health, metrics (loopback
// only), the authorisation server under /auth/ (on the workers: it hashes
// passwords), CORS; everything under /fhir goes to the FHIR pipeline.
http::Handler TopLevelRoutes(api::FhirApi& api, auth::AuthService& auth, ops::Metrics& metrics,
                             const http::CorsPolicy& cors, const audit::AuditLog& trail) {
  return [&api, &auth, &metrics, &cors, &trail](http::Request&& request,
                                                const http::Responder& respond) {
    if (std::optional<http::Response> preflight = cors.Preflight(request)) {
      return respond(std::move(*preflight));
    }
    // Nothing is served that could not be audited.
    if (!trail.healthy() && request.path != "/health") {
      return respond(api::ErrorResponse(
          503, "the audit trail cannot be written; requests are refused until it can"));
    }
    // The FHIR API's own road, without CORS: no copy of the responder.
    if (!cors.enabled() && (request.path == "/fhir" || request.path.starts_with("/fhir/"))) {
      return api.Handle(std::move(request), respond);
    }
    auto shared_request = std::make_shared<http::Request>(std::move(request));
    // The request itself may be moved on (to the FHIR API): keep its Origin.
    http::Responder answer = [origin = std::string(shared_request->header("Origin")), &cors,
                              respond](http::Response&& response) {
      cors.Apply(origin, response);
      respond(std::move(response));
    };
    const http::Request& r = *shared_request;
    if (r.path == "/health") {
      http::Response response;
      response.set_header("Content-Type", "application/json");
      response.body = R"({"status":"ok"})";
      return answer(std::move(response));
    }
    if (r.path == "/metrics") {
      if (!IsLoopbackAddress(r.remote_address)) {
        return answer(api::ErrorResponse(403, "metrics are served to loopback clients only"));
      }
      http::Response response;
      response.set_header("Content-Type", "text/plain; version=0.0.4");
      response.body = metrics.Render();
      return answer(std::move(response));
    }
    if (r.path.starts_with("/auth/")) {
      return api.RunOnWorkers([&auth, shared_request, answer] {
        http::Response response = auth.HandleAuthEndpoint(*shared_request);
        if (spdlog::should_log(spdlog::level::info)) {
          // Path only: never a query, which may hold a code.
          spdlog::info(
              R"("msg":"request","request_id":"{}","remote":"{}","method":"{}","path":"{}","status":{})",
              ops::JsonEscape(shared_request->request_id),
              ops::JsonEscape(shared_request->remote_address),
              ops::JsonEscape(shared_request->method),
              ops::JsonEscape(shared_request->path.substr(0, 100)), response.status);
        }
        answer(std::move(response));
      });
    }
    if (r.path == "/fhir" || r.path.starts_with("/fhir/")) {
      return api.Handle(std::move(*shared_request), std::move(answer));
    }
    answer(api::ErrorResponse(404, "nothing here: the FHIR API is under /fhir"));
  };
}

// The AuditEvent of one answered call (the pipeline's on_answered hook).
std::string AuditEventOf(const api::Call& call, int status) {
  audit::AccessRecord r;
  r.request_id = call.request.request_id;
  r.interaction = call.interaction;
  r.method = call.request.method;
  r.type = call.type;
  r.id = call.id;
  r.patient = !call.compartment_id.empty() ? call.compartment_id
              : call.type == "Patient"     ? call.id
                                           : call.limits.patient;
  r.query = call.request.query;
  r.remote_address = call.request.remote_address;
  r.status = status;
  r.recorded_us = NowMicros();
  if (call.principal != nullptr) {
    const auth::Principal& p = *call.principal;
    r.agent = p.LogName();
    r.client_id = p.client_id;
    for (auth::Role role : p.roles) r.roles.emplace_back(auth::RoleName(role));
    r.facility = p.facility;
    r.fhir_user = p.fhir_user;
  }
  return audit::MakeAuditEvent(r);
}

int RunServe(const ops::ServerConfig& config) {
  // Block the stop and reload signals in every thread; this one waits for them.
  BlockStopSignals();
  const sigset_t signals = ServeSignals();
  if (Status allowed = CheckAuthSetting(config); !allowed.ok()) {
    spdlog::critical(R"("msg":"refusing to start","error":"{}")",
                     ops::JsonEscape(allowed.message()));
    return 1;
  }
  if (!config.auth) {
    spdlog::warn(R"("msg":"authentication is OFF: every request is served without a token; )"
                 R"(for local development and tests only")");
  }

  // Load the R4 type registry now rather than on the first request.
  (void)fhir::TypeRegistry::R4();
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  store::StoreOptions store_options;
  store_options.sync = config.sync;
  store_options.block_cache_bytes = config.cache_mb << 20;
  // Search index entries are written with every resource, by the registry
  // that search uses too (R4, then with the stored custom parameters).
  static search::LiveRegistry registry;
  static const search::ResourceIndexer indexer(&registry);
  store_options.indexer = &indexer;
  Result<std::unique_ptr<store::ResourceStore>> opened = OpenConfiguredStore(config, store_options);
  if (!opened.ok()) {
    spdlog::critical(R"("msg":"cannot open the store","error":"{}")",
                     ops::JsonEscape(opened.status().message()));
    return 1;
  }
  std::unique_ptr<store::ResourceStore> store = std::move(opened.value());
  if (!store->IndexComplete()) {
    spdlog::warn(
        R"("msg":"the search index does not cover this store; run lienthong reindex, or POST )"
        R"([base]/$reindex with Prefer: respond-async")");
  }

  std::unique_ptr<store::BackupSchedule> backups = StartBackupSchedule(config, *store);

  ops::Metrics metrics;
  store->SetGroupObserver([&metrics](size_t ops) { metrics.RecordCommitGroup(ops); });
  metrics.AddGauge("lienthong_store_disk_bytes", "Bytes of table files and memtables.",
                   [&store] { return static_cast<double>(store->Stats().disk_bytes); });
  metrics.AddGauge("lienthong_store_resources_estimate",
                   "Estimated number of resources (current versions).",
                   [&store] { return static_cast<double>(store->Stats().estimated_resources); });

  Result<std::unique_ptr<auth::AuthService>> opened_auth = OpenAuthService(config, *store);
  if (!opened_auth.ok()) {
    spdlog::critical(R"("msg":"cannot set up sign-in","error":"{}")",
                     ops::JsonEscape(opened_auth.status().message()));
    return 1;
  }
  std::unique_ptr<auth::AuthService> auth = std::move(opened_auth.value());

  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  api::ApiOptions api_options;
  api_options.auth = auth.get();
  // One core less than there are: with the I/O thread, the commit thread and
  // RocksDB's own, more workers only wait on each other (on 2 cores one
  // worker reads by id with 15-25% less CPU per request than two).
  api_options.worker_threads =
      config.worker_threads > 0 ? config.worker_threads : std::max(1, cores - 1);
  api_options.base_url = config.base_url;
  api_options.max_bundle_entries = config.max_bundle_entries;
  api_options.max_json_depth = config.max_json_depth;
  api_options.export_dir = (std::filesystem::path(config.data_dir) / "exports").string();
  api_options.import_dir = (std::filesystem::path(config.data_dir) / "imports").string();
  api_options.reindex_dir = (std::filesystem::path(config.data_dir) / "reindex-jobs").string();
  api_options.import_file_root = config.import_dir;
  auto api = std::make_unique<api::FhirApi>(*store, metrics, api_options, &registry);
  if (Status loaded = api->LoadSearchParameters(); !loaded.ok()) {
    spdlog::warn(R"("msg":"stored search parameters are not used","error":"{}")",
                 ops::JsonEscape(loaded.message()));
  }
  // Every answered FHIR request and bundle entry leaves one AuditEvent.
  Result<std::unique_ptr<audit::AuditLog>> opened_trail =
      audit::AuditLog::Open((std::filesystem::path(config.data_dir) / "audit").string());
  if (!opened_trail.ok()) {
    spdlog::critical(R"("msg":"cannot open the audit trail","error":"{}")",
                     ops::JsonEscape(opened_trail.status().message()));
    return 1;
  }
  std::unique_ptr<audit::AuditLog> trail = std::move(opened_trail.value());
  api->SetAnsweredHook([log = trail.get()](const api::Call& call, int status) {
    log->Append(AuditEventOf(call, status));
  });
  if (config.demo) {
    LoadDemoProvince(*api, *store, config.demo_patients);
    if (config.auth) {
      Status made = CreateDemoAccounts(auth->accounts(), *store, config.data_dir);
      if (!made.ok()) {
        spdlog::warn(R"("msg":"demo accounts not created","error":"{}")",
                     ops::JsonEscape(made.message()));
      }
    }
  }

  http::ServerOptions server_options;
  server_options.bind_address = config.bind_address;
  server_options.port = config.port;
  // By default one core is left to the commit thread and RocksDB's background
  // work: on 2 cores one I/O thread reads faster, with a lower tail, than two
  // that compete with them (bench/results/read-by-id*.md).
  server_options.io_threads = config.io_threads > 0 ? config.io_threads : std::max(1, cores - 1);
  server_options.max_body_bytes = config.max_body_bytes;
  server_options.read_timeout = std::chrono::milliseconds(config.read_timeout_ms);
  server_options.request_timeout = std::chrono::milliseconds(config.request_timeout_ms);
  server_options.tls_cert_file = config.tls_cert;
  server_options.tls_key_file = config.tls_key;

  const http::CorsPolicy cors(config.cors_origins);
  http::Handler handler = TopLevelRoutes(*api, *auth, metrics, cors, *trail);
  http::Server server(server_options, handler, [](int status, const std::string& message) {
    return api::ErrorResponse(status, message);
  });
  Status started = server.Start();
  if (!started.ok()) {
    spdlog::critical(R"("msg":"cannot start the HTTP server","error":"{}")",
                     ops::JsonEscape(started.message()));
    return 1;
  }
  spdlog::info(R"("msg":"serving","url":"{}://{}:{}/fhir","data_dir":"{}","auth":"{}")",
               server.tls() ? "https" : "http", config.bind_address, server.port(),
               ops::JsonEscape(config.data_dir), config.auth ? "on" : "off");
  spdlog::default_logger()->flush();  // whoever started the server sees that it is up

  const int received = WaitForStopSignal(signals, server);
  spdlog::info(R"("msg":"stopping","signal":{})", received);
  server.Stop();
  // Bulk jobs still running use the store: cancel them and wait first.
  api.reset();
  trail.reset();
  auth.reset();
  backups.reset();
  store->Close();
  spdlog::info(R"("msg":"stopped")");
  spdlog::shutdown();
  return 0;
}

}  // namespace lienthong::cli
