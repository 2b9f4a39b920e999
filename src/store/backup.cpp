#include "store/backup.h"

#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/utilities/backup_engine.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "store/data_dir_files.h"
#include "store/encrypted_env.h"
#include "store/key_check.h"
#include "store/raw_database.h"

namespace lienthong::store {
namespace {

namespace fs = std::filesystem;

// A secondary instance fails when the serving process deletes a table file
// (after a compaction) while it is being copied; a new attempt sees the
// newer files.
constexpr int kSecondaryAttempts = 5;

uint64_t FolderBytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  if (s.IsNotFound()) return Status::NotFound(fmt::format("{}: {}", what, s.ToString()));
  return Status::IoError(fmt::format("{}: {}", what, s.ToString()));
}

// Whether backups in backup_dir may be read or added with `key`: the folder's
// key-check file must match it; a folder without one holds plain backups.
Status CheckBackupFolderKey(const fs::path& backup_dir, const std::string& key, bool create) {
  const fs::path check = backup_dir / kKeyCheckFileName;
  std::error_code ec;
  if (fs::exists(check, ec)) return CheckKeyAgainstFile(check.string(), key);
  if (key.empty()) return Status::Ok();
  if (fs::exists(backup_dir / "meta", ec) || !create) {
    return Status::Invalid(fmt::format(
        "{} holds backups of a plain store, but an encryption key was given", backup_dir.string()));
  }
  fs::create_directories(backup_dir, ec);
  if (ec) return Status::IoError(fmt::format("cannot create {}", backup_dir.string()));
  return WriteKeyCheckFile(check.string(), key);
}

rocksdb::BackupEngineOptions EngineOptions(const fs::path& backup_dir, rocksdb::Env* backup_env) {
  rocksdb::BackupEngineOptions options(backup_dir.string(), backup_env);
  options.share_table_files = true;
  options.share_files_with_checksum = true;
  options.sync = true;
  options.max_background_operations = 1;  // a background task: leave the cores to the server
  return options;
}

Result<std::unique_ptr<rocksdb::BackupEngine>> OpenEngine(const fs::path& backup_dir,
                                                          rocksdb::Env* backup_env,
                                                          rocksdb::Env* db_env) {
  rocksdb::BackupEngine* engine = nullptr;
  rocksdb::IOStatus s =
      rocksdb::BackupEngine::Open(EngineOptions(backup_dir, backup_env), db_env, &engine);
  if (!s.ok()) return FromRocks(s, "cannot open the backup folder");
  return std::unique_ptr<rocksdb::BackupEngine>(engine);
}

Result<std::unique_ptr<rocksdb::BackupEngineReadOnly>> OpenEngineReadOnly(
    const fs::path& backup_dir, rocksdb::Env* env) {
  rocksdb::BackupEngineReadOnly* engine = nullptr;
  rocksdb::IOStatus s =
      rocksdb::BackupEngineReadOnly::Open(EngineOptions(backup_dir, env), env, &engine);
  if (!s.ok()) return FromRocks(s, "cannot open the backup folder");
  return std::unique_ptr<rocksdb::BackupEngineReadOnly>(engine);
}

Status CreateDirs(rocksdb::Env* env, const fs::path& dir) {
  fs::path partial;
  for (const fs::path& part : dir) {
    partial /= part;
    LT_RETURN_IF_ERROR(
        FromRocks(env->CreateDirIfMissing(partial.string()), "cannot make a folder"));
  }
  return Status::Ok();
}

fs::path OwnFilesFolder(const fs::path& backup_dir, uint32_t id) {
  return backup_dir / kBackupFilesFolder / std::to_string(id);
}

// Copies the store's own files (clear) into `to` through env (encrypted when
// the store is).
Status CopyOwnFilesIn(const fs::path& data_dir, const fs::path& to, rocksdb::Env* env) {
  for (const fs::path& relative : StoreOwnFiles(data_dir)) {
    std::ifstream in(data_dir / relative, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in) return Status::IoError(fmt::format("cannot read {}", (data_dir / relative).string()));
    LT_RETURN_IF_ERROR(CreateDirs(env, (to / relative).parent_path()));
    LT_RETURN_IF_ERROR(
        FromRocks(rocksdb::WriteStringToFile(env, content.str(), (to / relative).string(), true),
                  "cannot write a backup file"));
  }
  return Status::Ok();
}

// Reads back what CopyOwnFilesIn wrote in `from` and, when `to` is not empty,
// writes it there in clear.
Status CopyOwnFilesOut(const fs::path& from, const fs::path& to, rocksdb::Env* env) {
  std::error_code ec;
  if (!fs::exists(from, ec)) return Status::Ok();
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(from, ec)) {
    if (!e.is_regular_file()) continue;
    std::string content;
    LT_RETURN_IF_ERROR(FromRocks(rocksdb::ReadFileToString(env, e.path().string(), &content),
                                 "cannot read a backed-up store file"));
    if (to.empty()) continue;
    const fs::path target = to / fs::relative(e.path(), from);
    fs::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) return Status::IoError(fmt::format("cannot write {}", target.string()));
  }
  return Status::Ok();
}

// Removes the own-file folders of backups that were purged.
void RemovePurgedOwnFiles(const fs::path& backup_dir, rocksdb::BackupEngine& engine) {
  std::vector<rocksdb::BackupInfo> infos;
  engine.GetBackupInfo(&infos);
  std::set<std::string> kept;
  for (const rocksdb::BackupInfo& info : infos) kept.insert(std::to_string(info.backup_id));
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(backup_dir / kBackupFilesFolder, ec)) {
    if (!kept.contains(e.path().filename().string())) fs::remove_all(e.path(), ec);
  }
}

BackupSummary Summarize(const rocksdb::BackupInfo& info) {
  BackupSummary summary;
  summary.id = info.backup_id;
  summary.timestamp_s = info.timestamp;
  summary.bytes = info.size;
  summary.files = info.number_files;
  return summary;
}

Result<rocksdb::BackupInfo> LatestBackup(rocksdb::BackupEngineReadOnly& engine,
                                         const fs::path& backup_dir) {
  std::vector<rocksdb::BackupInfo> infos;
  engine.GetBackupInfo(&infos);
  if (infos.empty()) return Status::NotFound(fmt::format("no backup in {}", backup_dir.string()));
  return infos.back();
}

// A temporary folder, removed with this object.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "lienthong-backup-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }  // empty when it could not be made

 private:
  std::string path_;
};

}  // namespace

Result<BackupSummary> BackupOpenDatabase(rocksdb::DB& db, rocksdb::Env* db_env,
                                         const std::string& data_dir, const std::string& key,
                                         const std::string& backup_dir, uint32_t keep, bool flush) {
  LT_RETURN_IF_ERROR(CheckBackupFolderKey(backup_dir, key, /*create=*/true));
  const uint64_t bytes_before = FolderBytes(backup_dir);
  Result<std::unique_ptr<rocksdb::BackupEngine>> engine = OpenEngine(backup_dir, db_env, db_env);
  if (!engine.ok()) return engine.take_status();
  rocksdb::CreateBackupOptions options;
  // A flush first puts recent writes into table files, which the next backup
  // shares, instead of into a WAL that every backup copies whole.
  options.flush_before_backup = flush;
  rocksdb::BackupID id = 0;
  LT_RETURN_IF_ERROR(FromRocks((*engine)->CreateNewBackup(options, &db, &id), "the backup failed"));
  Status own = CopyOwnFilesIn(data_dir, OwnFilesFolder(backup_dir, id), db_env);
  if (!own.ok()) {
    (void)(*engine)->DeleteBackup(id);
    return own;
  }
  rocksdb::BackupInfo info;
  LT_RETURN_IF_ERROR(FromRocks((*engine)->GetBackupInfo(id, &info), "the backup is unreadable"));
  BackupSummary summary = Summarize(info);
  summary.added_bytes = FolderBytes(backup_dir) - bytes_before;
  if (keep > 0) {
    LT_RETURN_IF_ERROR(
        FromRocks((*engine)->PurgeOldBackups(keep), "old backups could not be removed"));
    RemovePurgedOwnFiles(backup_dir, **engine);
  }
  return summary;
}

Result<BackupSummary> BackupStoreDirectory(const std::string& data_dir, const std::string& key,
                                           const std::string& backup_dir, uint32_t keep) {
  std::error_code ec;
  if (!fs::exists(fs::path(data_dir) / "CURRENT", ec)) {
    return Status::NotFound(fmt::format("no store in {}", data_dir));
  }
  LT_RETURN_IF_ERROR(CheckStoreKey(data_dir, key, /*create=*/false));
  Result<StoreEnv> env = StoreEnv::ForKey(key);
  if (!env.ok()) return env.take_status();
  Status last;
  for (int attempt = 0; attempt < kSecondaryAttempts; ++attempt) {
    TemporaryFolder secondary;
    if (secondary.path().empty()) return Status::IoError("cannot make a temporary folder");
    Result<std::unique_ptr<RawDatabase>> raw =
        RawDatabase::Open(data_dir, env->get(), RawDatabase::Mode::kSecondary, secondary.path());
    if (!raw.ok()) return raw.take_status();
    Result<BackupSummary> summary =
        BackupOpenDatabase((*raw)->db(), env->get(), data_dir, key, backup_dir, keep,
                           /*flush=*/false);
    if (summary.ok() || summary.status().code() == ErrorCode::kInvalid) return summary;
    last = summary.take_status();
  }
  return last;
}

Result<BackupSummary> VerifyLatestBackup(const std::string& backup_dir, const std::string& key) {
  std::error_code ec;
  if (!fs::exists(fs::path(backup_dir) / "meta", ec)) {
    return Status::NotFound(fmt::format("no backup in {}", backup_dir));
  }
  LT_RETURN_IF_ERROR(CheckBackupFolderKey(backup_dir, key, /*create=*/false));
  Result<StoreEnv> env = StoreEnv::ForKey(key);
  if (!env.ok()) return env.take_status();
  Result<std::unique_ptr<rocksdb::BackupEngineReadOnly>> engine =
      OpenEngineReadOnly(backup_dir, env->get());
  if (!engine.ok()) return engine.take_status();
  std::vector<rocksdb::BackupID> corrupt;
  (*engine)->GetCorruptedBackups(&corrupt);
  if (!corrupt.empty()) {
    return Status::IoError(fmt::format("backup {} in {} is damaged (unreadable description)",
                                       corrupt.back(), backup_dir));
  }
  Result<rocksdb::BackupInfo> latest = LatestBackup(**engine, backup_dir);
  if (!latest.ok()) return latest.take_status();
  rocksdb::IOStatus s = (*engine)->VerifyBackup(latest->backup_id, /*verify_with_checksum=*/true);
  if (!s.ok()) {
    return Status::IoError(
        fmt::format("backup {} is damaged: {}", latest->backup_id, s.ToString()));
  }
  LT_RETURN_IF_ERROR(
      CopyOwnFilesOut(OwnFilesFolder(backup_dir, latest->backup_id), {}, env->get()));
  return Summarize(*latest);
}

Status RestoreLatestBackup(const std::string& backup_dir, const std::string& key,
                           const std::string& data_dir) {
  std::error_code ec;
  if (fs::exists(data_dir, ec) && !fs::is_empty(data_dir, ec)) {
    return Status::Conflict(
        fmt::format("{} is not empty: a restore never overwrites a store", data_dir));
  }
  if (!fs::exists(fs::path(backup_dir) / "meta", ec)) {
    return Status::NotFound(fmt::format("no backup in {}", backup_dir));
  }
  LT_RETURN_IF_ERROR(CheckBackupFolderKey(backup_dir, key, /*create=*/false));
  Result<StoreEnv> env = StoreEnv::ForKey(key);
  if (!env.ok()) return env.take_status();
  Result<std::unique_ptr<rocksdb::BackupEngineReadOnly>> engine =
      OpenEngineReadOnly(backup_dir, env->get());
  if (!engine.ok()) return engine.take_status();
  Result<rocksdb::BackupInfo> latest = LatestBackup(**engine, backup_dir);
  if (!latest.ok()) return latest.take_status();
  const fs::path staging = fs::path(data_dir).string() + ".restoring";
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  Status restored =
      FromRocks((*engine)->RestoreDBFromBackup(rocksdb::RestoreOptions(), latest->backup_id,
                                               staging.string(), staging.string()),
                "the restore failed");
  if (restored.ok() && !key.empty()) {
    restored = WriteKeyCheckFile((staging / kKeyCheckFileName).string(), key);
  }
  if (restored.ok()) {
    restored = CopyOwnFilesOut(OwnFilesFolder(backup_dir, latest->backup_id), staging, env->get());
  }
  if (restored.ok()) {
    fs::remove(data_dir, ec);  // empty, checked above
    fs::rename(staging, data_dir, ec);
    if (ec) restored = Status::IoError(fmt::format("cannot move the restore into {}", data_dir));
  }
  if (!restored.ok()) fs::remove_all(staging, ec);
  return restored;
}

}  // namespace lienthong::store
