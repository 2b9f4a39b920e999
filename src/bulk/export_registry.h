// ExportRegistry: the bulk export jobs of a running server. Jobs run one at a
// time on a background thread, in the order they were started; each writes its
// files into <dir>/<job id>/. A finished job and its files are kept until the
// job is deleted or, after `retention`, removed by the next call that looks.
// Jobs live in memory: folders left by an earlier run are removed at start.
//
// Thread safety: all public methods may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bulk/export_job.h"
#include "common/status.h"
#include "store/resource_store.h"

namespace lienthong::bulk {

enum class ExportState { kQueued, kRunning, kCompleted, kFailed };

// What a client may learn about a job.
struct ExportJobStatus {
  std::string id;
  ExportState state = ExportState::kQueued;
  uint64_t exported = 0;  // resources written so far
  int64_t transaction_time_us = 0;
  std::string request_url;
  std::vector<ExportFile> files;  // when completed
  std::string error;              // when failed
};

class ExportRegistry {
 public:
  // `store` must outlive the registry.
  ExportRegistry(const store::ResourceStore& store, std::string dir,
                 std::chrono::seconds retention = std::chrono::hours(24), size_t max_waiting = 16);
  ~ExportRegistry();  // cancels what has not finished and waits for the worker
  ExportRegistry(const ExportRegistry&) = delete;
  ExportRegistry& operator=(const ExportRegistry&) = delete;

  // Queues a job; transaction_time_us is the instant it was asked for. Returns
  // its id, or kUnavailable when max_waiting jobs are already queued.
  Result<std::string> Start(ExportOptions options, int64_t transaction_time_us,
                            std::string request_url);
  // kNotFound for an unknown (or deleted, or expired) job.
  Result<ExportJobStatus> Get(const std::string& id);
  // Cancels the job if it has not finished and removes it and its files.
  // kNotFound for an unknown job.
  Status Delete(const std::string& id);
  // The path of one output file of a completed job; kNotFound unless the job
  // is completed and wrote a file of that name.
  Result<std::string> FilePath(const std::string& id, const std::string& name);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lienthong::bulk
