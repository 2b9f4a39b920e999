// Composite search parameters (code-value-quantity, characteristic-value,
// ...) are indexed at write time as one key per combination of component
// values found inside the same repeating element:
//
//   param(8) 'p' segment(component 1) segment(component 2) ... id len(id)
//
// where a segment is the kind byte and payload that the component's own
// parameter type would index (index_keys.h), without that parameter's 8
// bytes: "k system code" for a coded component, "q system code value" for a
// quantity, and so on. Payloads are self-delimiting, so a key splits back
// into its segments without lengths, and keys stay ordered by the first
// component: a search scans the range of the first component's value and
// checks the other segments of each key found.
//
// Why keys rather than matching the resource at query time: components
// must come from the same element (the same Observation.component), which a
// resource's per-parameter keys cannot tell, and reading every candidate
// resource back would make code-value-quantity as slow as a table scan.
// The price is a few extra keys per element (the product of each
// component's kinds), bounded by kMaxCompositeKeys.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lienthong::search {

// The most keys one element of a composite parameter produces; further
// combinations are dropped (a search may then miss that element).
constexpr size_t kMaxCompositeKeys = 64;

// The size of the segment that starts `in` (kind byte and payload); nullopt
// when `in` does not start with a valid segment.
std::optional<size_t> SegmentSize(std::string_view in);

// Splits a composite key's payload into its segments; false when it does
// not split into exactly `count` valid segments.
bool SplitSegments(std::string_view payload, size_t count, std::vector<std::string_view>& out);

// Every concatenation of one segment per component, in component order, at
// most kMaxCompositeKeys; none when a component has no segment.
std::vector<std::string> CombineSegments(const std::vector<std::vector<std::string>>& components);

}  // namespace lienthong::search
