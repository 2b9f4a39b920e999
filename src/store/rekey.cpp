#include "store/rekey.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <rocksdb/utilities/backup_engine.h>
#include <stdio.h>
#include <unistd.h>

#include <filesystem>

#include "store/data_dir_files.h"
#include "store/encrypted_env.h"
#include "store/key_check.h"
#include "store/raw_database.h"

namespace lienthong::store {
namespace {

namespace fs = std::filesystem;

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  return Status::IoError(fmt::format("{}: {}", what, s.ToString()));
}

// Copies the store through a backup: read with old_env, written with new_env.
Status CopyThroughBackup(RawDatabase& source, rocksdb::Env* old_env, rocksdb::Env* new_env,
                         const fs::path& backup_dir, const fs::path& target) {
  rocksdb::BackupEngineOptions options(backup_dir.string(), new_env);
  options.sync = true;
  rocksdb::BackupEngine* raw_engine = nullptr;
  LT_RETURN_IF_ERROR(FromRocks(rocksdb::BackupEngine::Open(options, old_env, &raw_engine),
                               "cannot open the rekey backup"));
  std::unique_ptr<rocksdb::BackupEngine> writer(raw_engine);
  rocksdb::CreateBackupOptions create;
  create.flush_before_backup = true;
  LT_RETURN_IF_ERROR(
      FromRocks(writer->CreateNewBackup(create, &source.db()), "cannot copy the store"));
  writer.reset();
  rocksdb::BackupEngineReadOnly* raw_reader = nullptr;
  LT_RETURN_IF_ERROR(FromRocks(rocksdb::BackupEngineReadOnly::Open(options, new_env, &raw_reader),
                               "cannot reopen the rekey backup"));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> reader(raw_reader);
  return FromRocks(reader->RestoreDBFromLatestBackup(rocksdb::RestoreOptions(), target.string(),
                                                     target.string()),
                   "cannot write the store under the new key");
}

// Copies every entry of data_dir that is not RocksDB's (nor the key-check
// file) into target: the rekeyed store keeps the data directory's other files.
Status CopyOtherFiles(const fs::path& data_dir, const fs::path& target) {
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(data_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (IsRocksDbFile(name) || name == kKeyCheckFileName) continue;
    fs::copy(e.path(), target / name, fs::copy_options::recursive, ec);
    if (ec) return Status::IoError(fmt::format("cannot copy {}: {}", name, ec.message()));
  }
  return Status::Ok();
}

// Holds RocksDB's lock file of a closed store, so that no server opens it
// between the copy and the exchange.
class StoreLock {
 public:
  explicit StoreLock(const fs::path& data_dir)
      : fd_(::open((data_dir / "LOCK").c_str(), O_RDWR | O_CREAT, 0644)) {}
  ~StoreLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool Take() {
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    return fd_ >= 0 && ::fcntl(fd_, F_SETLK, &lock) == 0;
  }

 private:
  const int fd_;
};

Status Exchange(const fs::path& a, const fs::path& b) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
    return Status::IoError(fmt::format("cannot exchange {} and {}", a.string(), b.string()));
  }
  const int dir = ::open(b.parent_path().empty() ? "." : b.parent_path().c_str(), O_RDONLY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

}  // namespace

Status RekeyStore(const std::string& data_dir, const std::string& old_key,
                  const std::string& new_key) {
  if (new_key.size() != kEncryptionKeyBytes) return Status::Invalid("the new key is not a key");
  if (new_key == old_key) return Status::Invalid("the new key is the store's key");
  std::error_code ec;
  if (!fs::exists(fs::path(data_dir) / "CURRENT", ec)) {
    return Status::NotFound(fmt::format("no store in {}", data_dir));
  }
  LT_RETURN_IF_ERROR(CheckStoreKey(data_dir, old_key, /*create=*/false));
  Result<StoreEnv> old_env = StoreEnv::ForKey(old_key);
  if (!old_env.ok()) return old_env.take_status();
  Result<StoreEnv> new_env = StoreEnv::ForKey(new_key);
  if (!new_env.ok()) return new_env.take_status();

  const fs::path work = fs::path(data_dir).string() + ".rekey";
  fs::remove_all(work, ec);
  fs::create_directories(work / "data", ec);
  Status st;
  {
    Result<std::unique_ptr<RawDatabase>> source =
        RawDatabase::Open(data_dir, old_env->get(), RawDatabase::Mode::kPrimary);
    if (!source.ok()) {
      fs::remove_all(work, ec);
      return Status::IoError(fmt::format("{} (is it being served?)", source.status().message()));
    }
    st =
        CopyThroughBackup(**source, old_env->get(), new_env->get(), work / "backup", work / "data");
  }
  StoreLock lock(data_dir);
  if (st.ok() && !lock.Take()) st = Status::IoError("the store was opened during the rekey");
  if (st.ok()) st = WriteKeyCheckFile((work / "data" / kKeyCheckFileName).string(), new_key);
  if (st.ok()) st = CopyOtherFiles(data_dir, work / "data");
  if (st.ok()) st = Exchange(work / "data", data_dir);
  fs::remove_all(work, ec);
  return st;
}

}  // namespace lienthong::store
