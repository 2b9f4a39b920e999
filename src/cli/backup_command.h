// lienthong backup, restore and rekey: a store's backups (store/backup.h) and
// key rotation (store/rekey.h) from the command line.
//
// `backup` works on a stopped store and on one being served: it reads the
// store through a RocksDB secondary instance, which needs no lock (see
// store/backup.h). `restore` and `rekey` need a store that is not served.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ops/config.h"

namespace lienthong::cli {

struct BackupCommandOptions {
  std::string to;                // backup: the backup folder
  std::string verify;            // backup --verify: the backup folder to check instead
  std::optional<uint32_t> keep;  // backup: newest backups kept (default: all)
  std::string from;              // restore: the backup folder
  std::string new_key_file;      // rekey: the new key
};

// Each returns the process exit code: 0 done, 1 failed, 2 refused (wrong or
// missing key, non-empty restore target).
int RunBackup(const ops::ServerConfig& config, const BackupCommandOptions& options);
int RunRestore(const ops::ServerConfig& config, const BackupCommandOptions& options);
int RunRekey(const ops::ServerConfig& config, const BackupCommandOptions& options);

}  // namespace lienthong::cli
