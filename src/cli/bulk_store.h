// A store that is not being served, opened for a bulk write (`lienthong
// import`, `lienthong reindex`): no resource cache (nothing reads resources
// back by id), a small block cache, the bulk-load write path
// (StoreOptions::bulk_load), and, when it keeps a search index, an indexer
// whose registry holds the R4 parameters and the custom SearchParameters
// stored in it.
#pragma once

#include <memory>

#include "common/status.h"
#include "ops/config.h"
#include "search/custom_parameters.h"
#include "search/resource_indexer.h"
#include "store/resource_store.h"

namespace lienthong::cli {

class BulkStore {
 public:
  struct Options {
    bool create_if_missing = true;
    bool index = true;  // false: write no search index
  };

  // kIoError when the store cannot be opened (RocksDB locks a served one);
  // kInvalid when a stored SearchParameter cannot be used.
  static Result<std::unique_ptr<BulkStore>> Open(const ops::ServerConfig& config,
                                                 const Options& options);

  store::ResourceStore& store() { return *store_; }
  search::LiveRegistry& registry() { return registry_; }

 private:
  BulkStore() : indexer_(&registry_) {}

  search::LiveRegistry registry_;
  search::ResourceIndexer indexer_;
  std::unique_ptr<store::ResourceStore> store_;  // last: closed before the indexer goes
};

}  // namespace lienthong::cli
