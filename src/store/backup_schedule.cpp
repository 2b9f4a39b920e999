#include "store/backup_schedule.h"

namespace lienthong::store {

BackupSchedule::BackupSchedule(ResourceStore& store, std::string backup_dir,
                               std::chrono::milliseconds interval, uint32_t keep, Report report)
    : store_(store),
      backup_dir_(std::move(backup_dir)),
      interval_(interval),
      keep_(keep),
      report_(std::move(report)),
      thread_([this] { Run(); }) {}

BackupSchedule::~BackupSchedule() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BackupSchedule::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    const auto start = std::chrono::steady_clock::now();
    Result<BackupSummary> result = store_.Backup(backup_dir_, keep_);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (report_) report_(result, seconds);
    lock.lock();
  }
}

}  // namespace lienthong::store
