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

TEST(CompositeKey, SegmentsOfEveryKindSplitBackIntoTheirGroups) {
  const std::vector<std::string> later = {
      Segment(kCode, {std::string("with\0nul", 8)}),
      Segment(kQuantity, {"http://unitsofmeasure.org", "mm[Hg]"}, {120}),
      Segment(kUnit, {"mmHg"}, {-0.5}),
      Segment(kUcum, {"g/m3"}, {1000}),
      Segment(kValue, {}, {1e300}),
      Segment(kLow, {}, {}, {-5, 7}),
      Segment(kString, {"nguyen van an"}),
      Segment(kRef, {"Patient/p1"}),
  };
  const std::string first = Segment(kSysCode, {"http://loinc.org", "8480-6"});
  const std::string second = Segment(kValue, {}, {2.5});
  const std::vector<std::string> keys = CombineSegments({{first}, later, {second}});
  ASSERT_EQ(keys.size(), 1u);
  std::vector<std::vector<std::string_view>> groups;
  ASSERT_TRUE(SplitComposite(keys[0], 3, groups));
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0], std::vector<std::string_view>{first});
  ASSERT_EQ(groups[1].size(), later.size());
  for (size_t i = 0; i < later.size(); ++i) EXPECT_EQ(groups[1][i], later[i]) << i;
  EXPECT_EQ(groups[2], std::vector<std::string_view>{second});
  EXPECT_FALSE(SplitComposite(keys[0], 2, groups));
}

TEST(CompositeKey, MalformedPayloadsAreRefused) {
  std::vector<std::vector<std::string_view>> groups;
  const std::string truncated = Segment(kQuantity, {"s", "c"}, {1}).substr(0, 6);
  EXPECT_FALSE(SplitComposite(truncated, 1, groups));
  EXPECT_FALSE(SplitComposite(std::string(1, 'Z') + "abc", 1, groups));  // unknown kind
  // A group that promises more segments than follow.
  EXPECT_FALSE(SplitComposite(Segment(kCode, {"a"}) + "\x02" + Segment(kCode, {"b"}), 2, groups));
  EXPECT_FALSE(SegmentSize("").has_value());
  EXPECT_FALSE(SegmentSize(std::string(1, static_cast<char>(kComposite))).has_value());
}

TEST(CompositeKey, OneKeyPerFormOfTheFirstComponentAndBounded) {
  EXPECT_EQ(CombineSegments({{"a", "b"}, {"1", "2"}}), (std::vector<std::string>{"a\x02"
                                                                                 "12",
                                                                                 "b\x02"
                                                                                 "12"}));
  EXPECT_TRUE(CombineSegments({{"a"}, {}}).empty());
  std::vector<std::string> many(100, "x");
  EXPECT_EQ(CombineSegments({many, {"1"}}).size(), kMaxCompositeKeys);
}

}  // namespace
}  // namespace lienthong::search
