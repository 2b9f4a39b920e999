#include "bulk/job_registry.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "ops/logging.h"
#include "store/resource_id.h"

namespace lienthong::bulk {
namespace {

struct Job {
  std::string id;
  JobWork work;
  int64_t transaction_time_us = 0;
  std::string request_url;
  std::atomic<bool> cancel{false};
  JobProgress progress;
  // Guarded by the registry's mutex.
  JobState state = JobState::kQueued;
  JobOutput files;
  Status error;
  std::chrono::steady_clock::time_point finished_at;
};

void RemoveDir(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) spdlog::warn(R"("msg":"cannot remove a bulk job folder","error":"{}")", ec.message());
}

bool HasFile(const std::vector<JobFile>& files, const std::string& name) {
  for (const JobFile& f : files) {
    if (f.name == name) return true;
  }
  return false;
}

}  // namespace

class JobRegistry::Impl {
 public:
  Impl(std::string kind, std::string dir, std::chrono::seconds retention, size_t max_waiting)
      : kind_(std::move(kind)),
        dir_(std::move(dir)),
        retention_(retention),
        max_waiting_(max_waiting) {
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

  Result<std::string> Start(JobWork work, int64_t transaction_time_us, std::string request_url) {
    auto job = std::make_shared<Job>();
    job->id = store::NewResourceId();
    job->work = std::move(work);
    job->transaction_time_us = transaction_time_us;
    job->request_url = std::move(request_url);
    {
      std::lock_guard<std::mutex> lock(mu_);
      RemoveExpiredLocked();
      if (queue_.size() >= max_waiting_) {
        return Status(
            ErrorCode::kUnavailable,
            fmt::format("too many {} jobs are waiting; try again when one has finished", kind_));
      }
      jobs_[job->id] = job;
      queue_.push_back(job);
    }
    wake_.notify_all();
    return job->id;
  }

  Result<JobStatus> Get(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    RemoveExpiredLocked();
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return NoSuchJob(id);
    const Job& job = *it->second;
    JobStatus s;
    s.id = job.id;
    s.state = job.state;
    s.items = job.progress.items.load(std::memory_order_relaxed);
    s.bytes_done = job.progress.bytes_done.load(std::memory_order_relaxed);
    s.bytes_total = job.progress.bytes_total.load(std::memory_order_relaxed);
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
      if (it == jobs_.end()) return NoSuchJob(id);
      job = it->second;
      jobs_.erase(it);
      job->cancel = true;
      // A running job's folder is removed by the worker once it has stopped.
      if (job->state == JobState::kRunning) return Status::Ok();
    }
    RemoveDir(JobDir(*job));
    return Status::Ok();
  }

  Result<std::string> FilePath(const std::string& id, const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = jobs_.find(id);
    if (it != jobs_.end() && it->second->state == JobState::kCompleted) {
      const JobOutput& files = it->second->files;
      if (HasFile(files.output, name) || HasFile(files.error, name)) {
        return JobDir(*it->second) + "/" + name;
      }
    }
    return Status::NotFound(fmt::format("no such {} file", kind_));
  }

 private:
  std::string JobDir(const Job& job) const { return dir_ + "/" + job.id; }

  Status NoSuchJob(const std::string& id) const {
    return Status::NotFound(fmt::format("no {} job {}", kind_, id.substr(0, 64)));
  }

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
        job->state = JobState::kRunning;
      }
      Result<JobOutput> files = job->work(JobDir(*job), job->cancel, job->progress);
      job->work = nullptr;  // whatever it holds is no longer needed
      bool remove = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        job->finished_at = std::chrono::steady_clock::now();
        if (files.ok()) {
          job->state = JobState::kCompleted;
          job->files = std::move(files.value());
        } else {
          job->state = JobState::kFailed;
          job->error = files.status();
        }
        remove = job->cancel || !files.ok();
      }
      if (!files.ok() && !job->cancel) {
        spdlog::warn(R"("msg":"bulk job failed","kind":"{}","job":"{}","error":"{}")", kind_,
                     job->id, ops::JsonEscape(job->error.message()));
      }
      if (remove) RemoveDir(JobDir(*job));
    }
  }

  // Drops finished jobs older than the retention period with their files.
  void RemoveExpiredLocked() {
    const auto now = std::chrono::steady_clock::now();
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      const Job& job = *it->second;
      const bool finished = job.state == JobState::kCompleted || job.state == JobState::kFailed;
      if (finished && now - job.finished_at > retention_) {
        RemoveDir(JobDir(job));
        it = jobs_.erase(it);
      } else {
        ++it;
      }
    }
  }

  const std::string kind_;
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

JobRegistry::JobRegistry(std::string kind, std::string dir, std::chrono::seconds retention,
                         size_t max_waiting)
    : impl_(std::make_unique<Impl>(std::move(kind), std::move(dir), retention, max_waiting)) {}

JobRegistry::~JobRegistry() = default;

Result<std::string> JobRegistry::Start(JobWork work, int64_t transaction_time_us,
                                       std::string request_url) {
  return impl_->Start(std::move(work), transaction_time_us, std::move(request_url));
}

Result<JobStatus> JobRegistry::Get(const std::string& id) { return impl_->Get(id); }

Status JobRegistry::Delete(const std::string& id) { return impl_->Delete(id); }

Result<std::string> JobRegistry::FilePath(const std::string& id, const std::string& name) {
  return impl_->FilePath(id, name);
}

}  // namespace lienthong::bulk
