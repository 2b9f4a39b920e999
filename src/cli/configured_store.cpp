#include "cli/configured_store.h"

#include "store/encryption_key.h"

namespace lienthong::cli {

Result<std::string> ConfiguredStoreKey(const ops::ServerConfig& config) {
  return store::LoadEncryptionKey(config.encryption_key_file);
}

Result<std::unique_ptr<store::ResourceStore>> OpenConfiguredStore(const ops::ServerConfig& config,
                                                                  store::StoreOptions options) {
  Result<std::string> key = ConfiguredStoreKey(config);
  if (!key.ok()) return key.take_status();
  options.path = config.data_dir;
  options.encryption_key = std::move(key.value());
  return store::ResourceStore::Open(options);
}

}  // namespace lienthong::cli
