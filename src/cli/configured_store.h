// How every subcommand opens the store of a configuration: the one place
// that finds the encryption key (store/encryption_key.h: the
// encryption_key_file setting or flag, else LIENTHONG_ENCRYPTION_KEY) and
// hands it to the store, which checks it before RocksDB opens anything.
// A new subcommand that opens a store (e.g. one managing users) calls
// OpenConfiguredStore, or ConfiguredStoreKey when it works on the store's
// files without opening it (backup, restore, rekey).
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "ops/config.h"
#include "store/resource_store.h"

namespace lienthong::cli {

// The store key of `config` (32 bytes), or empty for a plain store. kInvalid
// or kIoError when the key file or variable is unusable (the message never
// holds the key).
Result<std::string> ConfiguredStoreKey(const ops::ServerConfig& config);

// Opens the store in config.data_dir with `options` (whose path and
// encryption_key are set here; the rest, such as sync, caches, indexer and
// create_if_missing, is the caller's). Errors as ConfiguredStoreKey and
// ResourceStore::Open: kInvalid, touching nothing, for a missing or wrong key.
Result<std::unique_ptr<store::ResourceStore>> OpenConfiguredStore(const ops::ServerConfig& config,
                                                                  store::StoreOptions options);

}  // namespace lienthong::cli
