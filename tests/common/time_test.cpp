#include "common/time.h"

#include <gtest/gtest.h>

namespace lienthong {
namespace {

TEST(TimeTest, FormatsInstantsAndHttpDates) {
  // 2026-11-22T05:54:52.123456Z
  const int64_t us = 1795326892123456;
  EXPECT_EQ(FormatInstant(us), "2026-11-22T05:54:52.123456Z");
  EXPECT_EQ(FormatHttpDate(us), "Sun, 22 Nov 2026 05:54:52 GMT");
  EXPECT_EQ(FormatInstant(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatInstant(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(*ParseHttpDate("Sun, 22 Nov 2026 05:54:52 GMT"), us / 1000000 * 1000000);
  EXPECT_FALSE(ParseHttpDate("22 Nov 2026").ok());
}

struct RangeCase {
  const char* text;
  const char* start;
  const char* end;
};

TEST(TimeTest, FhirDateTimesCoverTheirPrecision) {
  const RangeCase cases[] = {
      {"2024", "2024-01-01T00:00:00.000000Z", "2025-01-01T00:00:00.000000Z"},
      {"2024-02", "2024-02-01T00:00:00.000000Z", "2024-03-01T00:00:00.000000Z"},
      {"2024-12", "2024-12-01T00:00:00.000000Z", "2025-01-01T00:00:00.000000Z"},
      {"2024-02-29", "2024-02-29T00:00:00.000000Z", "2024-03-01T00:00:00.000000Z"},
      {"2024-02-29T10:00:00+07:00", "2024-02-29T03:00:00.000000Z", "2024-02-29T03:00:01.000000Z"},
      {"2024-02-29T10:00:00.5Z", "2024-02-29T10:00:00.500000Z", "2024-02-29T10:00:00.600000Z"},
  };
  for (const RangeCase& c : cases) {
    Result<TimeRange> r = ParseFhirDateTime(c.text);
    ASSERT_TRUE(r.ok()) << c.text;
    EXPECT_EQ(FormatInstant(r->start_us), c.start) << c.text;
    EXPECT_EQ(FormatInstant(r->end_us), c.end) << c.text;
  }
  for (const char* bad :
       {"", "24", "2023-02-29", "2024-13", "2024-01-01T25:00:00Z", "2024-01-01T10:00:00+15:00",
        "2024-01-01 10:00", "2024-01-01T10:00:00.Z"}) {
    EXPECT_FALSE(ParseFhirDateTime(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace lienthong
