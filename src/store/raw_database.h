// A store's RocksDB database opened with all its column families but none of
// the store's options: for copying it whole (backup.h, rekey.h), never for
// reading or writing resources.
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace lienthong::store {

class RawDatabase {
 public:
  enum class Mode {
    kPrimary,    // takes RocksDB's lock: fails while another process has the store open
    kSecondary,  // no lock: follows a store another process may be writing
  };

  // Opens the database in data_dir through env (which must outlive the
  // result). kSecondary keeps its own small files in secondary_dir, which
  // must exist. kIoError when RocksDB refuses.
  static Result<std::unique_ptr<RawDatabase>> Open(const std::string& data_dir, rocksdb::Env* env,
                                                   Mode mode,
                                                   const std::string& secondary_dir = {});
  ~RawDatabase();
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;

  rocksdb::DB& db() { return *db_; }

 private:
  RawDatabase() = default;

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned; destroyed before db_
};

}  // namespace lienthong::store
