// AuditLog: the tamper-evident audit trail, as append-only JSON-lines files
// under <data_dir>/audit/ (audit-YYYYMMDD-NNN.jsonl: a new file each day or
// every 64 MiB). Each line is
//
//   {"seq":N,"prev":"<hash of line N-1>","hash":"<hash of this line>","event":{...}}
//
// where hash = hex SHA-256 of prev, '\n', seq, '\n' and the event's JSON
// text exactly as written. Changing, deleting, inserting or reordering a
// line breaks the chain (audit_verify.h finds where). The chain continues
// across restarts from the last line on disk.
//
// Append() only queues: one writer thread writes what accumulated as one
// write and one fdatasync, off the request path, at most every
// kBatchInterval (so a busy server syncs the trail a few hundred times a
// second, not once per request). When a write fails the log
// turns unhealthy and stays so; the server then refuses requests rather
// than serve them unaudited.
//
// Thread safety: Append() and healthy() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "json/value.h"

namespace lienthong::audit {

inline constexpr uint64_t kMaxAuditFileBytes = uint64_t{64} << 20;
inline constexpr std::chrono::milliseconds kBatchInterval{5};

// The hash of one line, from the previous hash, its sequence number and the
// event's JSON text: hex SHA-256.
std::string ChainHash(std::string_view prev, uint64_t seq, std::string_view event_json);
// The trail's files in `folder` (audit-*.jsonl), oldest first: their names
// sort by day, then index. None when the folder is absent.
std::vector<std::filesystem::path> TrailFiles(const std::string& folder);

// The hash before the first line.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

class AuditLog {
 public:
  // Opens (creating) `folder` and continues the chain from its newest line.
  // kIoError when it cannot be read or created, kInvalid when its last line
  // is not a trail line.
  static Result<std::unique_ptr<AuditLog>> Open(const std::string& folder);
  ~AuditLog();  // writes what is queued, then stops

  // Queues one event (an AuditEvent resource, as compact JSON text that
  // json::Write would also produce, so that a verifier's re-serialisation
  // matches).
  void Append(std::string event_json);
  void Append(const json::Value& event);
  // Blocks until everything appended so far is durable (tests, shutdown).
  void Flush();
  bool healthy() const { return healthy_.load(std::memory_order_acquire); }
  uint64_t last_sequence() const;

 private:
  explicit AuditLog(std::string folder) : folder_(std::move(folder)) {}
  Status Resume();
  void WriterLoop();
  // Writes the lines of `events` (owned by the writer thread); false on failure.
  bool WriteBatch(const std::deque<std::string>& events);
  Status OpenFileFor(int64_t now_us, size_t incoming);

  const std::string folder_;
  std::atomic<bool> healthy_{true};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable flushed_cv_;
  std::deque<std::string> queue_;  // guarded by mu_
  uint64_t appended_ = 0;          // guarded by mu_: events queued so far
  uint64_t written_ = 0;           // guarded by mu_: events durable so far
  bool stopping_ = false;          // guarded by mu_
  bool flush_wanted_ = false;      // guarded by mu_

  // Owned by the writer thread (and Resume() before it starts).
  uint64_t seq_ = 0;
  std::string prev_hash_{kGenesisHash};
  int fd_ = -1;
  std::string file_day_;
  uint64_t file_bytes_ = 0;
  int file_index_ = 0;
  std::thread writer_;
};

}  // namespace lienthong::audit
