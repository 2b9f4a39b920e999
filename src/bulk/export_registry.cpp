#include "bulk/export_registry.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "store/resource_id.h"

namespace lienthong::bulk {
namespace {

struct Job {
  std::string id;
  ExportOptions options;
  int64_t transaction_time_us = 0;
  std::string request_url;
  std::atomic<bool> cancel{false};
  std::atomic<uint64_t> progress{0};
  // Guarded by the registry's mutex.
  ExportState state = ExportState::kQueued;
  std::vector<ExportFile> files;
  std::string error;
  std::chrono::steady_clock::time_point finished_at;
};

void RemoveDir(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) spdlog::warn(R"("msg":"cannot remove export folder","error":"{}")", ec.message());
}

}  // namespace

class ExportRegistry::Impl {
 public:
  Impl(const store::ResourceStore& store, std::string dir, std::chrono::seconds retention,
       size_t max_waiting)
      : store_(store), dir_(std::move(dir)), retention_(retention), max_waiting_(max_waiting) {
    RemoveDir(dir_);
    worker_ = std::thread([this] { Work(); });
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      for (auto& [id, job] : jobs_) job->cancel = true;
    }
    wake_.notify_all();
    worker_.join();
  }

  Result<std::string> Start(ExportOptions options, int64_t transaction_time_us,
                            std::string request_url) {
    auto job = std::make_shared<Job>();
    job->id = store::NewResourceId();
    job->options = std::move(options);
    job->transaction_time_us = transaction_time_us;
    job->request_url = std::move(request_url);
    {
      std::lock_guard<std::mutex> lock(mu_);
      RemoveExpiredLocked();
      if (queue_.size() >= max_waiting_) {
        return Status(ErrorCode::kUnavailable,
                      "too many export jobs are waiting; try again when one has finished");
      }
      jobs_[job->id] = job;
      queue_.push_back(job);
    }
    wake_.notify_all();
    return job->id;
  }

  Result<ExportJobStatus> Get(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    RemoveExpiredLocked();
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return Status::NotFound("no export job " + id.substr(0, 64));
    const Job& job = *it->second;
    ExportJobStatus s;
    s.id = job.id;
    s.state = job.state;
    s.exported = job.progress.load(std::memory_order_relaxed);
    s.transaction_time_us = job.transaction_time_us;
    s.request_url = job.request_url;
    s.files = job.files;
    s.error = job.error;
    return s;
  }

  Status Delete(const std::string& id) {
    std::shared_ptr<Job> job;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = jobs_.find(id);
      if (it == jobs_.end()) return Status::NotFound("no export job " + id.substr(0, 64));
      job = it->second;
      jobs_.erase(it);
      job->cancel = true;
      // A running job's folder is removed by the worker once it has stopped.
      if (job->state == ExportState::kRunning) return Status::Ok();
    }
    RemoveDir(JobDir(*job));
    return Status::Ok();
  }

  Result<std::string> FilePath(const std::string& id, const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = jobs_.find(id);
    if (it != jobs_.end() && it->second->state == ExportState::kCompleted) {
      for (const ExportFile& f : it->second->files) {
        if (f.name == name) return JobDir(*it->second) + "/" + f.name;
      }
    }
    return Status::NotFound("no such export file");
  }

 private:
  std::string JobDir(const Job& job) const { return dir_ + "/" + job.id; }

  void Work() {
    while (true) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        job = queue_.front();
        queue_.pop_front();
        if (job->cancel) continue;
        job->state = ExportState::kRunning;
      }
      Result<std::vector<ExportFile>> files =
          RunExport(store_, job->options, JobDir(*job), &job->cancel, &job->progress);
      bool remove = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        job->finished_at = std::chrono::steady_clock::now();
        if (files.ok()) {
          job->state = ExportState::kCompleted;
          job->files = std::move(files.value());
        } else {
          job->state = ExportState::kFailed;
          job->error = files.status().message();
        }
        remove = job->cancel || !files.ok();
      }
      if (!files.ok() && !job->cancel) {
        spdlog::error(R"("msg":"export failed","job":"{}","error":"{}")", job->id, job->error);
      }
      if (remove) RemoveDir(JobDir(*job));
    }
  }

  // Drops finished jobs older than the retention period with their files.
  void RemoveExpiredLocked() {
    const auto now = std::chrono::steady_clock::now();
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      const Job& job = *it->second;
      const bool finished =
          job.state == ExportState::kCompleted || job.state == ExportState::kFailed;
      if (finished && now - job.finished_at > retention_) {
        RemoveDir(JobDir(job));
        it = jobs_.erase(it);
      } else {
        ++it;
      }
    }
  }

  const store::ResourceStore& store_;
  const std::string dir_;
  const std::chrono::seconds retention_;
  const size_t max_waiting_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::thread worker_;
};

ExportRegistry::ExportRegistry(const store::ResourceStore& store, std::string dir,
                               std::chrono::seconds retention, size_t max_waiting)
    : impl_(std::make_unique<Impl>(store, std::move(dir), retention, max_waiting)) {}

ExportRegistry::~ExportRegistry() = default;

Result<std::string> ExportRegistry::Start(ExportOptions options, int64_t transaction_time_us,
                                          std::string request_url) {
  return impl_->Start(std::move(options), transaction_time_us, std::move(request_url));
}

Result<ExportJobStatus> ExportRegistry::Get(const std::string& id) { return impl_->Get(id); }

Status ExportRegistry::Delete(const std::string& id) { return impl_->Delete(id); }

Result<std::string> ExportRegistry::FilePath(const std::string& id, const std::string& name) {
  return impl_->FilePath(id, name);
}

}  // namespace lienthong::bulk
