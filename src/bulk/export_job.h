// ExportJob: one bulk data export. Reads the current, non-deleted resources
// of the requested types from the store and writes them as NDJSON files, one
// or more per type, named "<Type>.<nnn>.ndjson" (the naming `lienthong
// import` reads back). Each line is a resource's stored bytes, as served.
//
// The whole export is read from one consistent view of the store, taken when
// it starts: writes committed while it runs are not in it.
//
// Thread safety: RunExport may run on any thread; `cancel` and `progress` may
// be read and written from other threads while it runs.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulk/job_registry.h"
#include "common/status.h"
#include "store/resource_store.h"

namespace lienthong::bulk {

struct ExportOptions {
  std::vector<std::string> types;   // empty: every type
  std::optional<int64_t> since_us;  // only resources with lastUpdated >= since
  // When set, only resources it accepts (Patient- and Group-level export:
  // those in the compartment of the patients asked for).
  std::function<bool(const store::StoredResource&)> include;
  uint64_t max_lines_per_file = 100000;
  uint64_t max_bytes_per_file = 64ull << 20;
};

// Writes the export into `dir` (created if missing). Returns the files written,
// in order. Stops early with kUnavailable when *cancel becomes true; *progress
// counts the resources written so far. Either pointer may be null.
Result<std::vector<JobFile>> RunExport(const store::ResourceStore& store,
                                       const ExportOptions& options, const std::string& dir,
                                       const std::atomic<bool>* cancel = nullptr,
                                       std::atomic<uint64_t>* progress = nullptr);

// Whether `name` has the form of a bulk file name ("Patient.000.ndjson",
// "OperationOutcome.000.ndjson"): used to refuse anything else (path
// traversal) before touching the disk.
bool IsBulkFileName(std::string_view name);

// The output formats accepted for _outputFormat (all mean FHIR NDJSON).
bool IsNdjsonFormat(std::string_view format);

}  // namespace lienthong::bulk
