// FhirApi: the FHIR RESTful API over a ResourceStore. It recognises which
// interaction a request is (read, vread, create, update, patch, delete,
// history, capabilities, batch, transaction), runs it, and shapes the answer
// (ETag, Last-Modified, Location, Prefer, OperationOutcome).
//
// Thread safety: Handle() may be called concurrently from any thread.
#pragma once

#include <memory>
#include <string>

#include "auth/auth_service.h"
#include "auth/principal.h"
#include "http/message.h"
#include "ops/metrics.h"
#include "search/custom_parameters.h"
#include "store/resource_store.h"

namespace lienthong::api {

struct Call;

struct ApiOptions {
  std::string base_path = "/fhir";
  std::string base_url;  // public base URL; empty: derived from the Host header
  size_t max_bundle_entries = 10000;
  int max_json_depth = 64;
  std::string software_version = "0.1.0";
  // Where bulk export jobs write their files; empty: $export is not offered.
  std::string export_dir;
  // Where bulk import jobs keep downloads and error files; empty: $import is
  // not offered.
  std::string import_dir;
  // Where $reindex jobs are tracked (they write no files); empty: $reindex
  // is not offered.
  std::string reindex_dir;
  // The folder $import may read file:// inputs from; empty: none.
  std::string import_file_root;
  // Threads that run handlers; 0: handlers run on the caller's thread.
  int worker_threads = 0;
  // Sign-in; null: every request is served as the open principal (--auth
  // off). Must outlive the FhirApi.
  auth::AuthService* auth = nullptr;
};

class FhirApi {
 public:
  // store, metrics and registry must outlive the FhirApi. `registry` is the
  // one the store's indexer reads (custom parameters are taken up in both at
  // once); null: the FhirApi keeps its own.
  FhirApi(store::ResourceStore& store, ops::Metrics& metrics, ApiOptions options,
          search::LiveRegistry* registry = nullptr);
  ~FhirApi();

  // Takes up the SearchParameters stored now (custom_parameters.h) for
  // indexing and search; on error nothing changes.
  Status LoadSearchParameters();

  // Handles a request whose path starts with options.base_path, on the
  // worker pool: authentication (unless `principal` is given, as the
  // server's own loaders do), the route table, the policy, the handler.
  void Handle(http::Request&& request, http::Responder respond,
              auth::PrincipalPtr principal = nullptr);

  // Runs `task` on the worker pool (inline when there is none): for work
  // that must not run on an HTTP I/O thread, such as password hashing.
  void RunOnWorkers(std::function<void()> task);

  // Called for every answered request and batch entry (the audit trail).
  void SetAnsweredHook(std::function<void(const Call&, int status)> hook);

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace lienthong::api
