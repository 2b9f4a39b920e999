#include "cli/backup_command.h"

#include <fmt/format.h>

#include <chrono>

#include "cli/configured_store.h"
#include "store/backup.h"
#include "store/encryption_key.h"
#include "store/rekey.h"

namespace lienthong::cli {
namespace {

int Fail(std::string_view command, const Status& status) {
  fmt::print(stderr, "lienthong {}: {}\n", command, status.message());
  const bool refused =
      status.code() == ErrorCode::kInvalid || status.code() == ErrorCode::kConflict;
  return refused ? 2 : 1;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string Megabytes(uint64_t bytes) { return fmt::format("{:.1f} MB", bytes / 1e6); }

}  // namespace

int RunBackup(const ops::ServerConfig& config, const BackupCommandOptions& options) {
  Result<std::string> key = ConfiguredStoreKey(config);
  if (!key.ok()) return Fail("backup", key.status());
  const auto start = std::chrono::steady_clock::now();
  if (!options.verify.empty()) {
    Result<store::BackupSummary> verified = store::VerifyLatestBackup(options.verify, *key);
    if (!verified.ok()) return Fail("backup --verify", verified.status());
    fmt::print("backup {} in {} is intact: {} files, {} checked in {:.2f} s\n", verified->id,
               options.verify, verified->files, Megabytes(verified->bytes), SecondsSince(start));
    return 0;
  }
  if (options.to.empty()) return Fail("backup", Status::Invalid("give --to FOLDER or --verify"));
  Result<store::BackupSummary> made =
      store::BackupStoreDirectory(config.data_dir, *key, options.to, options.keep.value_or(0));
  if (!made.ok()) return Fail("backup", made.status());
  fmt::print("backup {} of {} in {}: {} files, {} ({} new) in {:.2f} s\n", made->id,
             config.data_dir, options.to, made->files, Megabytes(made->bytes),
             Megabytes(made->added_bytes), SecondsSince(start));
  return 0;
}

int RunRestore(const ops::ServerConfig& config, const BackupCommandOptions& options) {
  Result<std::string> key = ConfiguredStoreKey(config);
  if (!key.ok()) return Fail("restore", key.status());
  const auto start = std::chrono::steady_clock::now();
  Status restored = store::RestoreLatestBackup(options.from, *key, config.data_dir);
  if (!restored.ok()) return Fail("restore", restored);
  fmt::print("restored the latest backup of {} into {} in {:.2f} s\n", options.from,
             config.data_dir, SecondsSince(start));
  return 0;
}

int RunRekey(const ops::ServerConfig& config, const BackupCommandOptions& options) {
  Result<std::string> old_key = ConfiguredStoreKey(config);
  if (!old_key.ok()) return Fail("rekey", old_key.status());
  Result<std::string> new_key = store::ReadKeyFile(options.new_key_file);
  if (!new_key.ok()) return Fail("rekey", new_key.status());
  const auto start = std::chrono::steady_clock::now();
  Status rekeyed = store::RekeyStore(config.data_dir, *old_key, *new_key);
  if (!rekeyed.ok()) return Fail("rekey", rekeyed);
  fmt::print(
      "{} is now encrypted under the new key ({:.2f} s); keep the old key until the "
      "backups made under it are no longer needed\n",
      config.data_dir, SecondsSince(start));
  return 0;
}

}  // namespace lienthong::cli
