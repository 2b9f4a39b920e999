#include "store/raw_database.h"

#include <fmt/format.h>

#include "store/encrypted_env.h"

namespace lienthong::store {

Result<std::unique_ptr<RawDatabase>> RawDatabase::Open(const std::string& data_dir,
                                                       rocksdb::Env* env, Mode mode,
                                                       const std::string& secondary_dir) {
  rocksdb::Options options;
  options.env = env;
  options.create_if_missing = false;
  // The database's own LOG stays untouched, and an encrypted one keeps none.
  options.info_log = NewDiscardingLogger();
  options.max_open_files = -1;  // required by a secondary instance
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(options, data_dir, &names);
  if (!s.ok()) return Status::IoError(fmt::format("cannot read the store: {}", s.ToString()));
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  families.reserve(names.size());
  for (const std::string& name : names) families.emplace_back(name, options);
  std::unique_ptr<RawDatabase> raw(new RawDatabase());
  rocksdb::DB* db = nullptr;
  s = mode == Mode::kPrimary ? rocksdb::DB::Open(options, data_dir, families, &raw->handles_, &db)
                             : rocksdb::DB::OpenAsSecondary(options, data_dir, secondary_dir,
                                                            families, &raw->handles_, &db);
  if (!s.ok()) return Status::IoError(fmt::format("cannot open the store: {}", s.ToString()));
  raw->db_.reset(db);
  return raw;
}

RawDatabase::~RawDatabase() {
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  db_->Close();
}

}  // namespace lienthong::store
