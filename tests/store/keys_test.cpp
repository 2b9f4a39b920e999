#include "store/keys.h"

#include <gtest/gtest.h>

#include "store/resource_id.h"

namespace lienthong::store {
namespace {

TEST(KeysTest, VersionKeysSortNewestFirst) {
  EXPECT_LT(VersionKey("Patient", "a", 10), VersionKey("Patient", "a", 9));
  EXPECT_LT(VersionKey("Patient", "a", 2), VersionKey("Patient", "a", 1));
  // A longer id never interleaves with another id's versions.
  EXPECT_LT(VersionKey("Patient", "a", 1), VersionKey("Patient", "a.b", 1000));
}

TEST(KeysTest, HistoryKeysSortByTimeIncludingBeforeTheEpoch) {
  EXPECT_LT(SystemHistoryKey(-5, "Z", "z", 1), SystemHistoryKey(3, "A", "a", 1));
  EXPECT_LT(SystemHistoryKey(3, "A", "a", 1), SystemHistoryKey(4, "A", "a", 1));
  EXPECT_LT(TypeHistoryKey("Patient", 1, "z", 1), TypeHistoryKey("Patient", 2, "a", 1));
}

TEST(KeysTest, HistoryKeysDecode) {
  HistoryKey k;
  ASSERT_TRUE(DecodeSystemHistoryKey(SystemHistoryKey(1234567, "Observation", "o-1", 42), k));
  EXPECT_EQ(k.ts_us, 1234567);
  EXPECT_EQ(k.type, "Observation");
  EXPECT_EQ(k.id, "o-1");
  EXPECT_EQ(k.version, 42u);
  ASSERT_TRUE(DecodeTypeHistoryKey(TypeHistoryKey("Patient", -7, "p", 3), k));
  EXPECT_EQ(k.ts_us, -7);
  EXPECT_EQ(k.id, "p");
  EXPECT_EQ(k.version, 3u);
  EXPECT_FALSE(DecodeSystemHistoryKey("S123", k));
}

TEST(KeysTest, RecordRoundTrips) {
  RecordHeader h{true, 77, 1'700'000'000'123'456};
  std::string rec = EncodeRecord(h, "{}");
  RecordHeader back;
  ASSERT_TRUE(DecodeRecordHeader(rec, back));
  EXPECT_TRUE(back.deleted);
  EXPECT_EQ(back.version, 77u);
  EXPECT_EQ(back.last_updated_us, h.last_updated_us);
  EXPECT_EQ(RecordBody(rec), "{}");
  EXPECT_FALSE(DecodeRecordHeader("short", back));
}

TEST(ResourceIdTest, IdsAreValidUniqueAndTimeOrdered) {
  std::string previous = NewResourceId();
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewResourceId();
    EXPECT_EQ(id.size(), 36u);
    EXPECT_TRUE(IsValidResourceId(id));
    EXPECT_NE(id, previous);
    EXPECT_LE(previous.substr(0, 13), id.substr(0, 13));  // millisecond prefix never decreases
    previous = id;
  }
  EXPECT_FALSE(IsValidResourceId(""));
  EXPECT_FALSE(IsValidResourceId("a/b"));
  EXPECT_FALSE(IsValidResourceId(std::string(65, 'a')));
}

}  // namespace
}  // namespace lienthong::store
