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
// Results are ordered by id (ids are time-ordered, so oldest first), or by
// the _sort keys (values read from each match's own index keys, missing
// values last, ties by id); a page continues after the last (sort key, id)
// of the previous one, so a next link stays valid whatever is written
// meanwhile. _include and _revinclude follow reference index keys in both
// directions, with :iterate up to 4 rounds.
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
#include "search/terminology.h"
#include "store/resource_store.h"

namespace lienthong::search {

struct Plan;  // a criterion compiled to index key ranges (search_plan.h)

struct SearchPage {
  std::vector<std::string> ids;   // this page, in order
  std::optional<uint64_t> total;  // every match, when asked for
  std::string next_cursor;        // where the next page starts, when more follow
  // _include and _revinclude: (type, id) of the resources brought along.
  std::vector<std::pair<std::string, std::string>> included;
  bool included_truncated = false;  // more were found than kMaxIncluded
};

constexpr size_t kMaxIncluded = 5000;

class SearchEngine {
 public:
  // Both must outlive the engine.
  SearchEngine(const store::ResourceStore& store, const SearchRegistry& registry);

  // The parameters this engine knows (to parse queries with).
  const SearchRegistry& registry() const { return registry_; }

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
  // Compiles the criteria (and the compartment, when `patient` is set).
  Status Compile(const std::string& type, const std::vector<const Criterion*>& criteria,
                 std::string_view patient, std::vector<Plan>& plans) const;
  // The ids of `type` that match every compiled plan, sorted.
  Result<std::vector<std::string>> MatchPlans(const std::string& type,
                                              const std::vector<Plan>& plans) const;
  // A page and count straight from one exact key range; false when the ids
  // in it are not in order (the caller then takes the general path).
  Result<bool> StreamExact(const SearchQuery& query, std::string_view begin, std::string_view end,
                           SearchPage& page) const;
  Status Include(const SearchQuery& query, SearchPage& page) const;
  // _text and _content: the ids whose words include every word of one of
  // the values (search_engine.cpp says which syntax is understood).
  // Token :in, :not-in, :above and :below: the codes from the stored
  // terminology, each an exact lookup.
  Status CompileCodes(const Criterion& c, const std::string& type, Plan& plan) const;
  Result<std::vector<std::string>> WordMatches(const std::string& type, const Criterion& c) const;
  // _list: the ids of `type` that the Lists named by `list_ids` hold in
  // entry.item; none for a List that does not exist.
  Result<std::vector<std::string>> ListMembers(const std::string& type,
                                               const std::vector<std::string>& list_ids) const;
  // The resources of `type` whose reference parameter `param` names one of `targets`.
  Result<std::vector<std::string>> ReferringTo(std::string_view type, std::string_view param,
                                               const std::vector<std::string>& targets) const;
  // The "Type/id" references of a resource's parameter (every reference
  // parameter when `param` is "*"), from its index keys.
  Result<std::vector<std::string>> ReferencesOf(std::string_view type, std::string_view id,
                                                std::string_view param) const;

  const store::ResourceStore& store_;
  const SearchRegistry& registry_;
  Terminology terminology_;
};

}  // namespace lienthong::search
