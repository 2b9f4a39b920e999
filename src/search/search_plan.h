// A search criterion compiled against the index: the key ranges whose ids
// match it (search_engine.h plans and runs them), and the compilation of a
// criterion on each parameter type, with the encodings the ranges use.
#pragma once

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "search/index_keys.h"
#include "search/search_query.h"

namespace lienthong::search {

using Ids = std::vector<std::string>;
using PayloadFilter = std::function<bool(std::string_view payload)>;

// Candidates at or below this many are checked one by one against the
// remaining criteria instead of scanning those criteria's ranges.
constexpr size_t kCheckThreshold = 2000;

constexpr double kInf = std::numeric_limits<double>::infinity();

// One range of index keys; `prefix_size` is where the payload starts.
struct KeyRange {
  std::string begin;
  std::string end;  // exclusive
  size_t prefix_size = 0;
  PayloadFilter filter;  // null: every key in the range matches
};

// A criterion compiled against the index: the ids whose keys fall in any
// range match (or, when `negate`, the ids of the type that have none).
struct Plan {
  std::vector<KeyRange> ranges;
  bool negate = false;
  std::optional<Ids> ids;  // already computed (_id, chains resolved to ids)
  int cost = 0;            // rough: 0 exact, 1 prefix, 2 range, 3 scan with filter
};

// A range of the keys that begin with `prefix` + `payload_prefix`; raises
// `cost` to `this_cost`.
KeyRange Prefixed(const std::string& prefix, const std::string& payload_prefix, int& cost,
                  int this_cost, PayloadFilter filter = {});

// A string payload, terminated (EncString) or as a prefix of longer ones
// (EncEscaped: no terminator).
std::string EncString(std::string_view s);
std::string EncEscaped(std::string_view s);

// Splits a token value on its first unescaped '|'; `has_bar` says whether
// there was one.
void SplitToken(std::string_view value, std::string& system, std::string& code, bool& has_bar);

// Each compiles criterion `c` on a parameter of `type` of the named
// parameter type into `plan`; kInvalid names a value it cannot read.
Status CompileString(const Criterion& c, const std::string& type, Plan& plan);

Status CompileToken(const Criterion& c, const std::string& type, Plan& plan);

Status CompileUri(const Criterion& c, const std::string& type, Plan& plan);

Status CompileNumber(const Criterion& c, const std::string& type, Plan& plan);

Status CompileQuantity(const Criterion& c, const std::string& type, Plan& plan);

Status CompileDate(const Criterion& c, const std::string& type, Plan& plan);

Status CompileReference(const Criterion& c, const std::string& type, Plan& plan);

// code-value-quantity=http://loinc.org|8480-6$gt100: one value per
// component, separated by '$'. The scan covers the first component's ranges
// within the composite's keys (composite_key.h); each key found must then
// have, for every other component, a segment inside that component's
// ranges, so that all components match within one element.
Status CompileComposite(const Criterion& c, const std::string& type, Plan& plan);

// near=latitude|longitude|distance|units (Location): positions within the
// distance (default 10 km; units km, m, [mi_i] or mi) along the earth's
// surface, found by a latitude band of the index and checked by distance.
Status CompileNear(const Criterion& c, const std::string& type, Plan& plan);

// The index kind a parameter sorts by, and whether descending order reads
// the high end of a range.
IndexKind SortKind(ParamType type, bool descending);

// A _sort cursor as hex, and back (nullopt for text that is not hex).
std::string ToHex(std::string_view bytes);
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace lienthong::search
