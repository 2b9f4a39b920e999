// Backups of an open store at a fixed interval, on a thread of their own
// (never the commit thread, never a request thread).
//
// Thread safety: construct and destroy on one thread; the report callback
// runs on the schedule's thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"
#include "store/backup.h"
#include "store/resource_store.h"

namespace lienthong::store {

class BackupSchedule {
 public:
  // Called after each backup with its outcome and how long it took.
  using Report = std::function<void(const Result<BackupSummary>&, double seconds)>;

  // Starts the thread: a backup of `store` into backup_dir every `interval`
  // (the first one interval after the start), keeping the newest `keep`.
  // `store` must outlive this object.
  BackupSchedule(ResourceStore& store, std::string backup_dir, std::chrono::milliseconds interval,
                 uint32_t keep, Report report);
  // Stops the schedule, waiting for a backup under way: destroy it before
  // closing the store.
  ~BackupSchedule();
  BackupSchedule(const BackupSchedule&) = delete;
  BackupSchedule& operator=(const BackupSchedule&) = delete;

 private:
  void Run();

  // Constant after construction.
  ResourceStore& store_;
  const std::string backup_dir_;
  const std::chrono::milliseconds interval_;
  const uint32_t keep_;
  const Report report_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;     // last: started once the rest is set
};

}  // namespace lienthong::store
