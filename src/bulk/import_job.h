// ImportJob: one $import of NDJSON inputs into the store, run by a
// JobRegistry. Loopback inputs are first downloaded into the job's folder;
// then NdjsonLoader writes every input in batches (see ndjson_loader.h for
// what is atomic and durable). Invalid lines are skipped or reject the whole
// import, as the request says.
//
// The job's output names, per input, the resources written; its error file
// (OperationOutcome.000.ndjson) holds one OperationOutcome per invalid line,
// naming the input, the line number and the FHIRPath location of the problem.
// A rejecting import that found invalid lines fails with kUnprocessable and
// one issue per line (the first 100).
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "bulk/import_source.h"
#include "bulk/job_registry.h"
#include "bulk/ndjson_loader.h"
#include "common/status.h"
#include "store/resource_store.h"

namespace lienthong::bulk {

struct ImportInput {
  std::string type;  // the declared resource type; empty: any
  std::string url;
};

struct ImportRequest {
  std::vector<ImportInput> inputs;
  InvalidLinePolicy on_invalid = InvalidLinePolicy::kSkip;
};

// Checks every input URL against the policy (done at kick-off, so that a bad
// request is answered at once).
Status CheckImportRequest(const ImportRequest& request, const ImportSourcePolicy& policy);

Result<JobOutput> RunImportJob(store::ResourceStore& store, const ImportRequest& request,
                               const ImportSourcePolicy& policy, int max_json_depth,
                               const std::string& dir, const std::atomic<bool>& cancel,
                               JobProgress& progress);

}  // namespace lienthong::bulk
