// Composite keys: segments split back exactly as they were joined, whatever
// bytes the values hold, and the number of combinations stays bounded.
#include "search/composite_key.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "search/index_keys.h"
#include "search/key_codec.h"

namespace lienthong::search {
namespace {

std::string Segment(IndexKind kind, const std::vector<std::string>& strings,
                    const std::vector<double>& doubles = {},
                    const std::vector<int64_t>& ints = {}) {
  std::string s(1, static_cast<char>(kind));
  for (const std::string& v : strings) AppendString(s, v);
  for (double d : doubles) AppendDouble(s, d);
  for (int64_t i : ints) AppendInt64(s, i);
  return s;
}

TEST(CompositeKey, SegmentsOfEveryKindSplitBack) {
  const std::vector<std::string> segments = {
      Segment(kSysCode, {"http://loinc.org", "8480-6"}),
      Segment(kCode, {std::string("with\0nul", 8)}),
      Segment(kQuantity, {"http://unitsofmeasure.org", "mm[Hg]"}, {120}),
      Segment(kUnit, {"mmHg"}, {-0.5}),
      Segment(kUcum, {"g/m3"}, {1000}),
      Segment(kValue, {}, {1e300}),
      Segment(kLow, {}, {}, {-5, 7}),
      Segment(kString, {"nguyen van an"}),
      Segment(kRef, {"Patient/p1"}),
  };
  std::string payload;
  for (const std::string& s : segments) payload += s;
  std::vector<std::string_view> split;
  ASSERT_TRUE(SplitSegments(payload, segments.size(), split));
  ASSERT_EQ(split.size(), segments.size());
  for (size_t i = 0; i < segments.size(); ++i) EXPECT_EQ(split[i], segments[i]) << i;
  EXPECT_FALSE(SplitSegments(payload, segments.size() - 1, split));
}

TEST(CompositeKey, MalformedPayloadsAreRefused) {
  std::vector<std::string_view> split;
  const std::string truncated = Segment(kQuantity, {"s", "c"}, {1}).substr(0, 6);
  EXPECT_FALSE(SplitSegments(truncated, 1, split));
  EXPECT_FALSE(SplitSegments(std::string(1, 'Z') + "abc", 1, split));  // unknown kind
  EXPECT_FALSE(SegmentSize("").has_value());
  EXPECT_FALSE(SegmentSize(std::string(1, static_cast<char>(kComposite))).has_value());
}

TEST(CompositeKey, CombinesOneSegmentPerComponentInOrderAndBounded) {
  EXPECT_EQ(CombineSegments({{"a", "b"}, {"1", "2"}}),
            (std::vector<std::string>{"a1", "a2", "b1", "b2"}));
  EXPECT_TRUE(CombineSegments({{"a"}, {}}).empty());
  std::vector<std::string> many(20, "x");
  EXPECT_EQ(CombineSegments({many, many}).size(), kMaxCompositeKeys);
}

}  // namespace
}  // namespace lienthong::search
