// Composite search parameters (code-value-quantity, characteristic-value,
// ...) are indexed at write time, per repeating element that holds every
// component, as one key per value form of the first component:
//
//   param(8) 'p' segment(component 1) group(component 2) ... id trailer
//
// A segment is the kind byte and payload that the component's own
// parameter type would index (index_keys.h) without that parameter's 8
// bytes: "k system code" for a coded component, "q system code value" for a
// quantity, and so on. A group is a count byte and that many segments: every
// form of every value the later component has in the element. Payloads are
// self-delimiting, so a key splits back without lengths, and keys are
// ordered by the first component: a search scans the range of the first
// component's value and checks that each later group has a segment inside
// that component's ranges.
//
// Why keys rather than matching the resource at query time: components
// must come from the same element (the same Observation.component), which a
// resource's per-parameter keys cannot tell, and reading every candidate
// resource back would make code-value-quantity as slow as a table scan.
// Keeping the later components as groups, instead of one key per
// combination of forms, holds an Observation's code-value-quantity to two
// keys (code, and system and code) where the combinations made eight.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lienthong::search {

// The most keys one element of a composite parameter produces, and the most
// segments in one group; further ones are dropped (a search may then miss
// that element).
constexpr size_t kMaxCompositeKeys = 64;
constexpr size_t kMaxGroupSegments = 255;

// The size of the segment that starts `in` (kind byte and payload); nullopt
// when `in` does not start with a valid segment.
std::optional<size_t> SegmentSize(std::string_view in);

// Splits a composite key's payload into `count` groups: the first
// component's one segment, then each later component's segments; false
// when it does not split so.
bool SplitComposite(std::string_view payload, size_t count,
                    std::vector<std::vector<std::string_view>>& groups);

// The payloads of one element's keys: each segment of the first component
// followed by the groups of the others, at most kMaxCompositeKeys; none
// when a component has no segment.
std::vector<std::string> CombineSegments(const std::vector<std::vector<std::string>>& components);

}  // namespace lienthong::search
