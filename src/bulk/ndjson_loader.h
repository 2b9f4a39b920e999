// NdjsonLoader: writes NDJSON files (one FHIR resource per line, each keeping
// its id) into a store, in batches of `batch_size` lines. Each batch is one
// atomic, synced commit and is counted only once it is durable, so a crash
// loses no counted batch and never leaves half of one. One batch commits
// while the next is parsed and validated.
//
// Every line is validated as on any write. What happens to an invalid line is
// the caller's choice: kSkip reports it (file and line number, the FHIRPath
// location of the problem, never the offending value) and writes the rest;
// kReject first checks every line of every file and writes nothing at all if
// any is invalid.
//
// Thread safety: one Load() at a time per loader; `cancel` may be set from
// another thread, and the progress callback runs on the loading thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/resource_store.h"

namespace lienthong::bulk {

enum class InvalidLinePolicy { kSkip, kReject };

struct NdjsonInput {
  std::string path;           // the local file to read
  std::string name;           // how reports name it (a file name or URL)
  std::string expected_type;  // non-empty: every line must be of this type
};

struct LoadOptions {
  InvalidLinePolicy on_invalid = InvalidLinePolicy::kSkip;
  int max_json_depth = 64;
  size_t batch_size = 1000;
  size_t max_errors_kept = 100;
};

struct LineError {
  std::string source;  // NdjsonInput::name
  uint64_t line = 0;
  std::string message;
  std::string expression;  // FHIRPath location, when known
};

struct InputCount {
  std::string name;
  std::string type;       // the expected type, or the type of the first line written
  uint64_t written = 0;   // resources committed from this input
  uint64_t rejected = 0;  // invalid lines
};

struct LoadReport {
  uint64_t bytes_total = 0;
  uint64_t bytes_done = 0;  // of the current pass
  uint64_t resources = 0;   // committed
  uint64_t rejected = 0;    // invalid lines
  bool checking = false;    // kReject's first pass, which writes nothing
  std::vector<InputCount> inputs;
  std::vector<LineError> errors;  // the first max_errors_kept

  std::string FormatError(const LineError& e) const;
};

using LoadProgress = std::function<void(const LoadReport&)>;

class NdjsonLoader {
 public:
  // `store` must outlive the loader.
  NdjsonLoader(store::ResourceStore& store, LoadOptions options);

  // Loads the inputs in order. The report says what was written even when the
  // result is an error (kIoError for unreadable files or a failed commit,
  // kUnavailable when cancelled, kUnprocessable when kReject found invalid
  // lines). `progress` is called after each batch and each file.
  Status Load(const std::vector<NdjsonInput>& inputs, LoadReport& report,
              const LoadProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);
  // Checks every line as Load() would and writes nothing; report.rejected
  // counts the invalid lines.
  Status Check(const std::vector<NdjsonInput>& inputs, LoadReport& report,
               const LoadProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

 private:
  Status MeasureInputs(const std::vector<NdjsonInput>& inputs, LoadReport& report);
  Status Pass(const std::vector<NdjsonInput>& inputs, bool write, LoadReport& report,
              const LoadProgress& progress, const std::atomic<bool>* cancel);

  store::ResourceStore& store_;
  LoadOptions options_;
};

}  // namespace lienthong::bulk
