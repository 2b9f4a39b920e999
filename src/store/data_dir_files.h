// Which files of a data directory are RocksDB's and which are the store's own
// (the key-check file, an auth folder, job folders): backups, restores and
// rekeys copy the two kinds differently.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lienthong::store {

// CURRENT, IDENTITY, LOCK, LOG*, MANIFEST-*, OPTIONS-*, *.sst, *.log, *.blob.
bool IsRocksDbFile(const std::string& name);

// The regular files below data_dir that a backup carries, relative to it:
// those at the top that are not RocksDB's nor the key-check file, and those
// in its folders except exports/, imports/ and reindex-jobs/.
std::vector<std::filesystem::path> StoreOwnFiles(const std::filesystem::path& data_dir);

}  // namespace lienthong::store
