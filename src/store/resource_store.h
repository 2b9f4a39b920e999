// ResourceStore: versioned FHIR resources in RocksDB.
//
// Every write (one resource or a whole transaction) is one atomic WriteBatch
// holding the new current version, the superseded version moved to the
// versions family, and the history entries; nothing half-written is ever
// visible. Writes go through one commit thread that gathers the writes queued
// while the previous group was syncing into one batch and one WAL sync (group
// commit); a write's callback runs only once its batch is durable. Reads go
// straight to RocksDB, which serves them from a consistent view without
// waiting for writers.
//
// Thread safety: all public methods may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "json/value.h"
#include "store/backup.h"
#include "store/indexer.h"
#include "store/keys.h"

namespace lienthong::store {

struct StoreOptions {
  std::string path;
  bool sync = true;  // fsync the WAL before acknowledging a write
  size_t block_cache_bytes = 256ull << 20;
  // Current versions kept in memory for reads by id (ResourceCache); 0: none.
  size_t resource_cache_bytes = 256ull << 20;
  size_t max_group_ops = 4096;  // upper bound of operations in one commit group
  bool create_if_missing = true;
  // Computes search index entries for every write; null: no index is kept.
  // Must outlive the store.
  const Indexer* indexer = nullptr;
  // For a store that only a bulk load uses while it is open (`lienthong
  // import`): index entries are appended to an unsorted memtable and sorted
  // once when it is flushed, instead of being inserted in order one by one.
  // Searches on such a store would be slow, so the server never sets this.
  bool bulk_load = false;
  // 32 bytes: the whole store (every file RocksDB writes) is encrypted with
  // AES-256-CTR under this key (encrypted_env.h); empty: a plain store.
  // Checked against the store's key-check file before anything is opened
  // (key_check.h). Load it with LoadEncryptionKey (encryption_key.h).
  std::string encryption_key;
};

// One resource version as stored.
struct StoredResource {
  std::string type;
  std::string id;
  uint64_t version = 0;
  int64_t last_updated_us = 0;
  bool deleted = false;
  std::string json;  // the resource as served, meta included; empty when deleted
};

// One change inside an atomic commit.
struct WriteOp {
  // kReindex rewrites the index entries of the current version, which must
  // be version `if_match` and is passed as `resource`; it writes no new
  // version and no history. When the resource has changed since, its newer
  // write has indexed it and the op is a no-op.
  enum class Kind { kCreate, kUpdate, kDelete, kReindex };
  Kind kind = Kind::kUpdate;
  std::string type;
  std::string id;
  json::Value resource;  // create/update: the resource; meta.versionId/lastUpdated are set here
  // Fails the commit with kPreconditionFailed unless the current version is this.
  std::optional<uint64_t> if_match;
  // Filled by Commit() from StoreOptions::indexer.
  std::vector<std::string> index_keys;
};

struct WriteResult {
  std::string type;
  std::string id;
  uint64_t version = 0;  // the new version; for a no-op delete, 0
  int64_t last_updated_us = 0;
  bool created = false;  // no live version existed before
  bool deleted = false;
  bool no_op = false;  // delete of a resource that was absent or already deleted
  std::string json;    // the stored bytes (create/update)
};

using CommitCallback = std::function<void(Result<std::vector<WriteResult>>)>;

struct HistoryQuery {
  std::string type;                 // empty: system level
  std::string id;                   // non-empty: instance level (type must be set)
  std::optional<int64_t> since_us;  // versions with lastUpdated >= since
  // _at: versions that were current at some moment in [at_start, at_end)
  std::optional<int64_t> at_start_us;
  std::optional<int64_t> at_end_us;
  size_t count = 50;
  std::string cursor;  // opaque, from HistoryPage::next_cursor
};

struct HistoryEntry {
  StoredResource resource;
  HistoryOp op = HistoryOp::kUpdate;
};

struct HistoryPage {
  std::vector<HistoryEntry> entries;  // newest first
  std::string next_cursor;            // empty when this is the last page
  std::optional<uint64_t> total;      // known for instance history
};

struct StoreStats {
  uint64_t live_data_bytes = 0;
  uint64_t disk_bytes = 0;
  uint64_t estimated_resources = 0;
  uint64_t commit_groups = 0;
  uint64_t committed_ops = 0;
  // Whether the search index covers every resource with the indexer in use
  // (false after a load without one, or when the indexer changed).
  bool index_complete = true;
};

struct ReindexProgress {
  uint64_t resources = 0;  // current resources whose entries were rewritten
  bool done = false;
};

// One change to the system records: a Put, or a Delete when value is empty.
struct SystemRecordWrite {
  std::string key;
  std::optional<std::string> value;
};

class ResourceStore {
 public:
  // Opens (creating if allowed) the store in options.path. kInvalid, with
  // nothing touched, when options.encryption_key does not fit the store
  // (missing, wrong, or given for a plain store); kIoError when RocksDB
  // cannot open it (a store served by another process is locked).
  static Result<std::unique_ptr<ResourceStore>> Open(const StoreOptions& options);
  ~ResourceStore();  // waits for queued commits, then closes
  ResourceStore(const ResourceStore&) = delete;
  ResourceStore& operator=(const ResourceStore&) = delete;

  // Queues ops to be committed atomically; `done` runs on the commit thread
  // after the batch is durable, with one WriteResult per op in order, or with
  // the first failure (kConflict: create of an existing id; kPreconditionFailed:
  // if_match mismatch; kIoError), in which case nothing of ops was written.
  void Commit(std::vector<WriteOp> ops, CommitCallback done);
  // Commit() that waits.
  Result<std::vector<WriteResult>> CommitAndWait(std::vector<WriteOp> ops);

  // The current version. kNotFound if never written; a deleted resource is
  // returned with deleted = true.
  Result<StoredResource> Read(std::string_view type, std::string_view id) const;
  // One version. kNotFound if that version does not exist.
  Result<StoredResource> ReadVersion(std::string_view type, std::string_view id,
                                     uint64_t version) const;
  Result<HistoryPage> History(const HistoryQuery& query) const;

  // Calls fn for every current, non-deleted resource of `type` (all types when
  // empty) in key order, until fn returns false.
  Status ForEachCurrent(std::string_view type,
                        const std::function<bool(const StoredResource&)>& fn) const;
  // The same for each of `types` in turn, all read from one consistent view
  // of the store (writes committed meanwhile are not seen), until fn returns false.
  Status ForEachCurrentOf(const std::vector<std::string>& types,
                          const std::function<bool(const StoredResource&)>& fn) const;

  // Calls fn with every index key in [begin, end) (end empty: to the last) in
  // key order, until fn returns false. One consistent view of the store.
  Status ScanIndex(std::string_view begin, std::string_view end,
                   const std::function<bool(std::string_view key)>& fn) const;
  // How many index keys lie in [begin, end) (end empty: to the last).
  Result<uint64_t> CountIndex(std::string_view begin, std::string_view end) const;
  // The index keys of the current version of a resource (none when deleted
  // or unknown).
  Result<std::vector<std::string>> IndexKeysOf(std::string_view type, std::string_view id) const;
  // Calls fn with the id of every current, non-deleted resource of `type`
  // whose id is greater than `after`, in id order, until fn returns false.
  Status ForEachId(std::string_view type, std::string_view after,
                   const std::function<bool(std::string_view id)>& fn) const;

  // Rebuilds the index entries of every current resource with the store's
  // indexer, in batches that each commit atomically, while the store keeps
  // taking writes; then records the index as complete. `progress` (may be
  // empty) is called after each batch. kUnavailable when cancelled.
  Status Reindex(const std::function<void(const ReindexProgress&)>& progress,
                 const std::atomic<bool>* cancel = nullptr);

  StoreStats Stats() const;
  // StoreStats::index_complete, without the rest of Stats().
  bool IndexComplete() const;
  // Called after each durable group with its number of operations (metrics).
  void SetGroupObserver(std::function<void(size_t ops)> observer);

  // System records: the server's own small records kept beside the
  // resources (accounts, clients, refresh tokens, revocations), in family
  // `system`, so that encryption at rest and backups cover them too. They
  // are never served as FHIR and never indexed. A record that is absent
  // reads as nullopt; kIoError on a storage failure.
  Result<std::optional<std::string>> GetSystemRecord(std::string_view key) const;
  // Applies the writes in one atomic batch, synced when the store syncs.
  Status WriteSystemRecords(const std::vector<SystemRecordWrite>& writes);
  // Calls fn for every record whose key starts with `prefix`, in key order,
  // until fn returns false.
  Status ScanSystemRecords(
      std::string_view prefix,
      const std::function<bool(std::string_view key, std::string_view value)>& fn) const;

  // Takes a consistent backup of the store into backup_dir while writes go
  // on (backup.h: incremental, encrypted like the store, with the store's
  // own non-RocksDB files), then keeps only the newest `keep` (0: all).
  // Runs on the caller's thread; one backup into one folder at a time; the
  // caller must not Close() the store meanwhile.
  Result<BackupSummary> Backup(const std::string& backup_dir, uint32_t keep);

  // Stops accepting commits, finishes the queued ones and flushes memtables.
  void Close();

 private:
  class Impl;
  explicit ResourceStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Sets meta.versionId and meta.lastUpdated on a resource, keeping its other
// meta elements; meta is placed after id (or resourceType) when absent.
void StampMeta(json::Value& resource, uint64_t version, int64_t last_updated_us);

}  // namespace lienthong::store
