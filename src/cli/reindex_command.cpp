#include "cli/reindex_command.h"

#include <fmt/format.h>

#include <chrono>

#include "search/resource_indexer.h"
#include "store/resource_store.h"

namespace lienthong::cli {

int RunReindex(const ops::ServerConfig& config) {
  using Clock = std::chrono::steady_clock;
  store::StoreOptions store_options;
  store_options.path = config.data_dir;
  store_options.sync = config.sync;
  store_options.create_if_missing = false;
  store_options.resource_cache_bytes = 0;
  store_options.block_cache_bytes = 64ull << 20;
  static search::LiveRegistry registry;
  static const search::ResourceIndexer indexer(&registry);
  store_options.indexer = &indexer;
  // The store is not served meanwhile: the bulk-load write path applies.
  store_options.bulk_load = true;
  Result<std::unique_ptr<store::ResourceStore>> opened = store::ResourceStore::Open(store_options);
  if (!opened.ok()) {
    fmt::print(stderr, "lienthong reindex: {}\n", opened.status().message());
    return 1;
  }
  std::unique_ptr<store::ResourceStore> store = std::move(opened.value());
  // The stored custom search parameters join the R4 ones.
  Result<std::shared_ptr<const search::SearchRegistry>> custom =
      search::RegistryWithStoredParameters(*store);
  if (!custom.ok()) {
    fmt::print(stderr, "lienthong reindex: {}\n", custom.status().message());
    store->Close();
    return 1;
  }
  registry.Set(std::move(custom.value()));
  const auto start = Clock::now();
  auto last = start;
  Status st = store->Reindex([&](const store::ReindexProgress& p) {
    const auto now = Clock::now();
    if (!p.done && now - last < std::chrono::seconds(2)) return;
    last = now;
    const double secs = std::chrono::duration<double>(now - start).count();
    fmt::print(stderr, "{} resources reindexed, {:.0f} resources/s\n", p.resources,
               secs > 0 ? static_cast<double>(p.resources) / secs : 0.0);
  });
  store->Close();
  if (!st.ok()) {
    fmt::print(stderr, "lienthong reindex: {}\n", st.message());
    return 1;
  }
  fmt::print("reindexed in {:.2f} s\n",
             std::chrono::duration<double>(Clock::now() - start).count());
  return 0;
}

}  // namespace lienthong::cli
