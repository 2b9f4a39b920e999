// FileImporter: loads FHIR data from files into a store: transaction or batch
// Bundles (*.json, processed exactly as POST [base] would) and NDJSON
// (*.ndjson, one resource per line, kept with its id, committed in batches).
// Every resource is validated as on any write; a bad NDJSON line is reported
// with its file and line number and skipped, while the rest of its batch is
// committed.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "api/fhir_api.h"
#include "common/status.h"
#include "store/resource_store.h"

namespace lienthong::bulk {

struct ImportReport {
  uint64_t files = 0;
  uint64_t resources = 0;           // resources written
  uint64_t rejected = 0;            // bundles or lines refused
  std::vector<std::string> errors;  // "file:line: message", the first 100
};

class FileImporter {
 public:
  // api and store must outlive the importer.
  FileImporter(api::FhirApi& api, store::ResourceStore& store, int max_json_depth = 64);

  // Imports each path (a file, or a folder read recursively in name order).
  // `progress` is called after each file with the running report.
  Result<ImportReport> Import(const std::vector<std::string>& paths,
                              const std::function<void(const ImportReport&)>& progress = {});

 private:
  Status ImportBundle(const std::string& path, ImportReport& report);
  Status ImportNdjson(const std::string& path, ImportReport& report);

  api::FhirApi& api_;
  store::ResourceStore& store_;
  int max_json_depth_;
};

}  // namespace lienthong::bulk
