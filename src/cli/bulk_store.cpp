#include "cli/bulk_store.h"

#include "cli/configured_store.h"

namespace lienthong::cli {

Result<std::unique_ptr<BulkStore>> BulkStore::Open(const ops::ServerConfig& config,
                                                   const Options& options) {
  std::unique_ptr<BulkStore> bulk(new BulkStore());
  store::StoreOptions store_options;
  store_options.sync = config.sync;
  store_options.create_if_missing = options.create_if_missing;
  store_options.resource_cache_bytes = 0;
  store_options.block_cache_bytes = 64ull << 20;
  store_options.bulk_load = true;
  if (options.index) store_options.indexer = &bulk->indexer_;
  Result<std::unique_ptr<store::ResourceStore>> opened = OpenConfiguredStore(config, store_options);
  if (!opened.ok()) return opened.take_status();
  bulk->store_ = std::move(opened.value());
  if (options.index) {
    Result<std::shared_ptr<const search::SearchRegistry>> custom =
        search::RegistryWithStoredParameters(*bulk->store_);
    if (!custom.ok()) return custom.take_status();
    bulk->registry_.Set(std::move(custom.value()));
  }
  return bulk;
}

}  // namespace lienthong::cli
