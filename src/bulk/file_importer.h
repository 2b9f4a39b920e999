// FileImporter: loads FHIR data from files into a store: transaction or batch
// Bundles (*.json, processed exactly as POST [base] would) and NDJSON
// (*.ndjson, one resource per line, kept with its id, committed in batches by
// NdjsonLoader). Every resource is validated as on any write. NDJSON files are
// loaded first, all together, then the bundles in name order.
//
// With InvalidLinePolicy::kSkip a bad NDJSON line or a refused bundle is
// reported and the rest is written. With kReject every NDJSON line and every
// bundle's content is checked before anything is written, and nothing is
// written if any is invalid. (A bundle can still fail when it runs, e.g. on a
// version conflict; it then writes nothing and the import stops there.)
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "api/fhir_api.h"
#include "bulk/ndjson_loader.h"
#include "common/status.h"
#include "store/resource_store.h"

namespace lienthong::bulk {

struct ImportReport {
  uint64_t files = 0;  // files done
  uint64_t files_total = 0;
  uint64_t bytes_done = 0;  // of the files done or being done
  uint64_t bytes_total = 0;
  bool checking = false;            // kReject's check pass, which writes nothing
  uint64_t resources = 0;           // resources written
  uint64_t rejected = 0;            // bundles or lines refused
  std::vector<std::string> errors;  // "file:line: message", the first 100
};

class FileImporter {
 public:
  // api and store must outlive the importer.
  FileImporter(api::FhirApi& api, store::ResourceStore& store, int max_json_depth = 64,
               InvalidLinePolicy on_invalid = InvalidLinePolicy::kSkip);

  // Imports each path (a file, or a folder read recursively in name order).
  // `progress` is called after each NDJSON batch and each file with the
  // running report. The report is filled in even when an error is returned.
  Status Import(const std::vector<std::string>& paths, ImportReport& report,
                const std::function<void(const ImportReport&)>& progress = {});

 private:
  Status CheckBundle(const std::string& path, ImportReport& report);
  Status ImportBundle(const std::string& path, ImportReport& report);

  api::FhirApi& api_;
  store::ResourceStore& store_;
  int max_json_depth_;
  InvalidLinePolicy on_invalid_;
};

}  // namespace lienthong::bulk
