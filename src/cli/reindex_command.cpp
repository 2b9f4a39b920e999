#include "cli/reindex_command.h"

#include <fmt/format.h>

#include <chrono>

#include "cli/bulk_store.h"

namespace lienthong::cli {

int RunReindex(const ops::ServerConfig& config) {
  using Clock = std::chrono::steady_clock;
  // The store is not served meanwhile: the bulk-load write path applies.
  Result<std::unique_ptr<BulkStore>> opened =
      BulkStore::Open(config, {.create_if_missing = false, .index = true});
  if (!opened.ok()) {
    fmt::print(stderr, "lienthong reindex: {}\n", opened.status().message());
    return 1;
  }
  std::unique_ptr<BulkStore> bulk = std::move(opened.value());
  store::ResourceStore* store = &bulk->store();
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
