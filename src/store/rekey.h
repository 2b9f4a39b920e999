// Key rotation: rewrites every file of a store under a new key.
#pragma once

#include <string>

#include "common/status.h"

namespace lienthong::store {

// Rewrites the store in data_dir, which must not be open anywhere (RocksDB's
// lock is taken for the whole run), from old_key (empty: a plain store, which
// this encrypts) to new_key (32 bytes). A BackupEngine reads the store through
// the old key's Env and writes a backup through the new key's, which is
// restored beside the store with the store's other files; the new directory
// then replaces data_dir in one atomic exchange (renameat2 RENAME_EXCHANGE),
// and the old files are removed. Until that exchange data_dir is untouched.
// kInvalid for a wrong old key or an unusable new one (empty, or the old
// one); kIoError when the store is in use or a step fails.
Status RekeyStore(const std::string& data_dir, const std::string& old_key,
                  const std::string& new_key);

}  // namespace lienthong::store
