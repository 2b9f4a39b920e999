// Custom search parameters: SearchParameter resources stored on the server
// (any with status active or draft) join the R4 parameters when the index is
// rebuilt ($reindex, `lienthong reindex`), and at start. From then on every
// write indexes them; the store's index marker (the indexer's fingerprint)
// says whether the resources written before are covered yet.
//
// A stored SearchParameter is taken when its type is number, date, string,
// token, reference, quantity or uri, its bases are R4 resource types, its
// code is not one its bases already have and its expression parses and has
// a part for each base. One that is not answers kInvalid naming it, and no
// registry is made.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "common/status.h"
#include "json/value.h"
#include "search/search_registry.h"
#include "store/resource_store.h"

namespace lienthong::search {

// The registry in use, replaced as a whole when custom parameters are taken
// up. Readers keep the snapshot they took for as long as they use it.
class LiveRegistry {
 public:
  // Starts with the R4 registry.
  LiveRegistry();
  std::shared_ptr<const SearchRegistry> Get() const;
  void Set(std::shared_ptr<const SearchRegistry> registry);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const SearchRegistry> registry_;
};

// A SearchParameter resource as an entry of the registry's own format.
Result<json::Value> RegistryEntryOf(const json::Value& search_parameter);

// The R4 registry plus every active or draft SearchParameter in the store.
Result<std::shared_ptr<const SearchRegistry>> RegistryWithStoredParameters(
    const store::ResourceStore& store);

}  // namespace lienthong::search
