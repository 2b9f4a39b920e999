// HistoryReader: answers history queries (instance, type, system) from the
// history, current and versions families, newest first, in pages whose
// cursors stay valid while new versions are written (new entries sort after
// every existing one, and a cursor continues strictly below the last key seen).
#pragma once

#include <rocksdb/db.h>

#include "store/resource_store.h"

namespace lienthong::store {

class HistoryReader {
 public:
  // The DB and handles must outlive the reader; it is used on one thread.
  HistoryReader(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* current,
                rocksdb::ColumnFamilyHandle* versions, rocksdb::ColumnFamilyHandle* history)
      : db_(db), current_(current), versions_(versions), history_(history) {}

  Result<HistoryPage> Read(const HistoryQuery& query);

 private:
  Result<HistoryPage> ReadInstance(const HistoryQuery& query);
  Result<HistoryPage> ReadLog(const HistoryQuery& query);
  // Reads one version's record; kNotFound when absent.
  Result<StoredResource> Load(const std::string& type, const std::string& id, uint64_t version);
  // Whether a version that became current at `from_us` and was replaced at
  // `until_us` (nullopt: still current) overlaps the query's _at period.
  static bool OverlapsAt(const HistoryQuery& query, int64_t from_us,
                         std::optional<int64_t> until_us);

  rocksdb::DB& db_;
  rocksdb::ColumnFamilyHandle* current_;
  rocksdb::ColumnFamilyHandle* versions_;
  rocksdb::ColumnFamilyHandle* history_;
  rocksdb::ReadOptions read_options_;
  std::string last_key_;  // the last history key put on the page
};

}  // namespace lienthong::store
