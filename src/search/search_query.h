// SearchQuery: a FHIR search request, parsed and checked against the search
// parameters of its type. Criteria are ANDed; the values of one criterion
// (comma-separated) are ORed. Result parameters (_count, _total, _summary,
// _sort, ...) are kept apart from criteria.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "search/search_registry.h"

namespace lienthong::search {

enum class Prefix { kEq, kNe, kGt, kLt, kGe, kLe, kSa, kEb, kAp };

struct Criterion {
  std::string name;  // as written, with its modifier ("name:exact"), for messages
  // The parameter; nullptr for _id (answered from the store's keys).
  const SearchParameter* param = nullptr;
  std::string code;
  std::string modifier;             // without ':'; a resource type for reference:[type]
  std::vector<std::string> values;  // ORed, with search escapes (\, \| \$ \\) undone
  // A chained parameter (subject:Patient.name=x): the criterion on the
  // referenced resources, and the types it is evaluated on.
  std::unique_ptr<Criterion> chain;
  std::vector<std::string> chain_types;
  // Reverse chaining (_has:Observation:patient:code=x): resources of
  // `has_type` whose `has_param` refers to the candidate and that match
  // `chain`.
  std::string has_type;
  std::string has_param;
};

// One _sort key: a parameter, ascending unless written with '-'.
struct SortKey {
  std::string code;  // "_id" and "_lastUpdated" included
  bool descending = false;
};

// One _include or _revinclude: resources that `source_type`'s reference
// parameter `param` (every reference parameter when `param` is "*") points
// to (include) or that point to the matches through it (revinclude),
// optionally only of `target_type`; with :iterate also from what was
// included.
struct Include {
  bool reverse = false;
  bool iterate = false;
  std::string source_type;
  std::string param;
  std::string target_type;
};

// _total. Without it (kAuto) a search gives the total when it costs little:
// always when the matches are gathered anyway, and for a single indexed
// value (which streams its page from the index) when at most
// kAutoCountLimit more follow the first page; otherwise Bundle.total is left
// out and the next links page on.
enum class TotalMode { kAuto, kAccurate, kNone, kEstimate };
constexpr uint64_t kAutoCountLimit = 10000;

struct SearchQuery {
  std::string type;
  // Compartment search (GET [base]/Patient/123/Observation): only resources
  // in this patient's compartment; empty for a plain search.
  std::string patient_compartment;
  std::vector<Criterion> criteria;
  size_t count = 20;
  std::string cursor;  // continue after this id (_cursor, from a next link)
  TotalMode total = TotalMode::kAuto;
  bool summary_count = false;
  std::vector<SortKey> sort;
  std::vector<Include> includes;
  // Parameters that were not understood (lenient handling ignores them and
  // says so in the Bundle).
  std::vector<std::string> ignored;
  // The parameters that were applied (criteria and result parameters), for
  // self and next links.
  std::vector<std::pair<std::string, std::string>> applied;
};

constexpr size_t kDefaultPageSize = 20;
constexpr size_t kMaxPageSize = 1000;

// Parses `params` (decoded query pairs) for a search of `type`. kInvalid names
// the first parameter it cannot use when `strict`, and always for a value
// that cannot be read (a malformed date, an unknown modifier).
Result<SearchQuery> ParseSearchQuery(const SearchRegistry& registry, std::string_view type,
                                     const std::vector<std::pair<std::string, std::string>>& params,
                                     bool strict);

// Splits on unescaped `sep` and undoes the escapes \, \| \$ and \\.
std::vector<std::string> SplitEscaped(std::string_view value, char sep);

// Reads an optional comparison prefix (eq, ne, gt, ...) off a value.
Prefix TakePrefix(std::string_view& value);

}  // namespace lienthong::search
