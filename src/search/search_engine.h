// SearchEngine: runs a SearchQuery against the store's search index.
//
// Each criterion compiles to a few key ranges of the index (a prefix for an
// equal token or string, a value range for dates, numbers and quantities),
// with a filter on the decoded value where a range alone cannot say (a date
// whose end must also fall inside, :contains). The planner evaluates the
// criteria in order of estimated cost; once the candidates are few, the
// remaining criteria are checked against each candidate's own index keys
// instead of scanning their ranges. Negations (:not, :missing=true) are
// computed against all ids of the type. Chains evaluate the chained criterion
// on the target types first and match references to what it found.
//
// Results are ordered by id (ids are time-ordered, so oldest first); a page
// continues after the last id of the previous one, so a next link stays valid
// whatever is written meanwhile.
//
// Thread safety: immutable; Run() may be called from many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "search/search_query.h"
#include "search/search_registry.h"
#include "store/resource_store.h"

namespace lienthong::search {

struct SearchPage {
  std::vector<std::string> ids;   // this page, in order
  std::optional<uint64_t> total;  // every match, when asked for
  std::string next_cursor;        // the last id of this page, when more follow
};

class SearchEngine {
 public:
  // Both must outlive the engine.
  SearchEngine(const store::ResourceStore& store, const SearchRegistry& registry);

  Result<SearchPage> Run(const SearchQuery& query) const;
  // Every id of `type` that matches all `criteria` (and, when `patient` is
  // not empty, is in that patient's compartment), sorted.
  Result<std::vector<std::string>> Match(std::string_view type,
                                         const std::vector<const Criterion*>& criteria,
                                         std::string_view patient = {}) const;
  // The patients whose compartment the resource is in, from its index keys
  // (a Patient is in its own); empty when none or when `type` is not in the
  // Patient compartment.
  Result<std::vector<std::string>> PatientsOf(std::string_view type, std::string_view id) const;

 private:
  const store::ResourceStore& store_;
  const SearchRegistry& registry_;
};

}  // namespace lienthong::search
