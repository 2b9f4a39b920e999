// Backups of a store with RocksDB's BackupEngine, and their restore.
//
// A backup folder holds BackupEngine's files (meta/, private/, shared_checksum/):
// table files are shared between backups, so every backup after the first
// copies only the table files written since (incremental), plus the MANIFEST
// and WAL of its moment. Everything is written through the store's Env
// (encrypted_env.h), so the backup of an encrypted store is never in clear; its
// copy of the key-check file (key_check.h) sits in clear at the top of the
// folder, so that a wrong key is refused before anything is decrypted.
//
// A backup also carries the store's own files that are not RocksDB's: the
// regular files and folders at the top of the data directory (the key-check
// file; an auth folder), except exports/, imports/ and reindex-jobs/ (job
// outputs that can be made again), under lienthong-files/<backup id>/,
// encrypted like the rest.
//
// Consistency: BackupEngine on an open store stops file deletions, records the
// live files and the MANIFEST size, and copies them: the backup is the store
// as of one moment, each commit in it whole or absent.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace rocksdb {
class DB;
class Env;
}  // namespace rocksdb

namespace lienthong::store {

struct BackupSummary {
  uint32_t id = 0;
  int64_t timestamp_s = 0;   // when it was taken (Unix seconds)
  uint64_t bytes = 0;        // bytes of the files it is made of (shared ones included)
  uint32_t files = 0;        // files it is made of
  uint64_t added_bytes = 0;  // bytes it added to the folder (new files only)
};

// The folder below a backup folder that holds the non-RocksDB files.
inline constexpr char kBackupFilesFolder[] = "lienthong-files";

// Backs up the open `db` of the store in data_dir (whose Env is db_env, with
// `key`, empty: plain) into backup_dir, creating it; then keeps the newest
// `keep` backups (0: all). `flush` (a primary instance only) flushes the
// memtables first, so that the backup is made of shareable table files.
// kInvalid when backup_dir holds backups under another key (or plain ones,
// for an encrypted store); kIoError otherwise.
Result<BackupSummary> BackupOpenDatabase(rocksdb::DB& db, rocksdb::Env* db_env,
                                         const std::string& data_dir, const std::string& key,
                                         const std::string& backup_dir, uint32_t keep, bool flush);

// Backs up the store in data_dir, which this process has not open: stopped,
// or served by another process. It is read through a RocksDB secondary
// instance (no lock needed; it replays the primary's MANIFEST and WAL up to one
// moment), retried when the serving process deletes a file while it is copied.
// kInvalid as CheckStoreKey and as above.
Result<BackupSummary> BackupStoreDirectory(const std::string& data_dir, const std::string& key,
                                           const std::string& backup_dir, uint32_t keep);

// Checks the newest backup in backup_dir: every file present, of its size and
// checksum, and the non-RocksDB files readable. kInvalid for a wrong or
// missing key; kNotFound when there is no backup; kIoError naming what is
// wrong (a missing, short or corrupt file).
Result<BackupSummary> VerifyLatestBackup(const std::string& backup_dir, const std::string& key);

// Restores the newest backup into data_dir, which must be missing or empty
// (kConflict otherwise: a restore never overwrites a store). The restore is
// written beside data_dir and renamed into place when complete. kInvalid for
// a wrong or missing key; kIoError otherwise.
Status RestoreLatestBackup(const std::string& backup_dir, const std::string& key,
                           const std::string& data_dir);

}  // namespace lienthong::store
