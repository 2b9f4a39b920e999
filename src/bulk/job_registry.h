// JobRegistry: the asynchronous bulk jobs ($export, $import) of a running
// server. Jobs of one registry run one at a time on its background thread, in
// the order they were started; each may write files into <dir>/<job id>/. A
// finished job and its files are kept until the job is deleted or, after
// `retention`, removed by the next call that looks. Jobs live in memory:
// folders left by an earlier run are removed at start.
//
// Thread safety: all public methods may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace lienthong::bulk {

enum class JobState { kQueued, kRunning, kCompleted, kFailed };

// One file a job made, served to the client.
struct JobFile {
  std::string type;       // resource type of its lines
  std::string name;       // file name inside the job's folder
  uint64_t count = 0;     // resources (lines) in the file, or written from the input
  std::string input_url;  // import: the input it reports on
};

struct JobOutput {
  std::vector<JobFile> output;
  std::vector<JobFile> error;  // NDJSON files of OperationOutcome
};

// Written by the running job, read by status requests.
struct JobProgress {
  std::atomic<uint64_t> items{0};        // resources exported or imported so far
  std::atomic<uint64_t> bytes_done{0};   // when the job knows its size (import)
  std::atomic<uint64_t> bytes_total{0};  // 0: unknown
};

// The work of one job: runs on the registry's thread, writes its files into
// `dir` (which does not exist yet) and stops early when `cancel` is set.
using JobWork = std::function<Result<JobOutput>(
    const std::string& dir, const std::atomic<bool>& cancel, JobProgress& progress)>;

// What a client may learn about a job.
struct JobStatus {
  std::string id;
  JobState state = JobState::kQueued;
  uint64_t items = 0;
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
  int64_t transaction_time_us = 0;
  std::string request_url;
  JobOutput files;  // when completed
  Status error;     // when failed
};

class JobRegistry {
 public:
  // `kind` names the jobs in messages ("export", "import").
  JobRegistry(std::string kind, std::string dir,
              std::chrono::seconds retention = std::chrono::hours(24), size_t max_waiting = 16);
  ~JobRegistry();  // cancels what has not finished and waits for the worker
  JobRegistry(const JobRegistry&) = delete;
  JobRegistry& operator=(const JobRegistry&) = delete;

  // Queues a job; transaction_time_us is the instant it was asked for. Returns
  // its id, or kUnavailable when max_waiting jobs are already queued.
  Result<std::string> Start(JobWork work, int64_t transaction_time_us, std::string request_url);
  // kNotFound for an unknown (or deleted, or expired) job.
  Result<JobStatus> Get(const std::string& id);
  // Cancels the job if it has not finished and removes it and its files.
  // kNotFound for an unknown job.
  Status Delete(const std::string& id);
  // The path of one output or error file of a completed job; kNotFound unless
  // the job is completed and made a file of that name.
  Result<std::string> FilePath(const std::string& id, const std::string& name);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lienthong::bulk
