// Terminology: the codes that the token modifiers :in, :not-in, :above and
// :below stand for, read from the ValueSets and CodeSystems stored on this
// server at query time (lienthong has no external terminology service).
//
// ValueSet expansion understands compose.include by system with a concept
// list, by whole system (when that CodeSystem is stored) and by importing
// other ValueSets; compose.exclude by system with or without a concept
// list; and expansion.contains (nested). Filters, includes that combine a
// system with ValueSets, and CodeSystems that are not stored are answered
// with kInvalid rather than with a partial expansion, so that a search
// never silently misses codes.
//
// Hierarchies come from a stored CodeSystem's nested concepts and its
// "parent" and "child" concept properties.
//
// Thread safety: immutable; may be used from many threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "json/value.h"
#include "store/resource_store.h"

namespace lienthong::search {

// (system, code) pairs, sorted, without duplicates.
using CodeList = std::vector<std::pair<std::string, std::string>>;

// An expansion larger than this is refused (kInvalid) rather than turned
// into that many index lookups.
constexpr size_t kMaxExpansion = 10000;

class Terminology {
 public:
  // `store` must outlive the Terminology.
  explicit Terminology(const store::ResourceStore& store) : store_(store) {}

  // The codes of a ValueSet named by canonical URL (optionally "|version")
  // or by reference ("ValueSet/id"). kInvalid when it is not stored or
  // cannot be expanded fully.
  Result<CodeList> ExpandValueSet(std::string_view canonical_or_reference) const;

  // `code` and, with `above`, its ancestors or, without, its descendants in
  // the stored CodeSystem whose url is `system`. kInvalid when that
  // CodeSystem is not stored.
  Result<CodeList> Subsumption(std::string_view system, std::string_view code, bool above) const;

 private:
  // The current resource of `type` ("ValueSet", "CodeSystem") whose url is
  // `url` (and version `version`, unless empty); kNotFound when none.
  Result<json::Value> FindCanonical(std::string_view type, std::string_view url,
                                    std::string_view version) const;
  Status Expand(const json::Value& value_set, int depth, CodeList& out) const;
  Status AddWholeSystem(std::string_view system, CodeList& out) const;

  const store::ResourceStore& store_;
};

}  // namespace lienthong::search
