#include "fhirpath/temporal.h"

#include <gtest/gtest.h>

namespace lienthong::fhirpath {
namespace {

Temporal DT(const char* text) {
  std::optional<Temporal> t = ParseDateTime(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Temporal());
}

std::optional<int> Cmp(const char* a, const char* b) {
  bool comparable = false;
  return CompareTemporal(DT(a), DT(b), &comparable);
}

TEST(TemporalTest, ParsesEveryPrecision) {
  struct Case {
    const char* text;
    TemporalPrecision precision;
  } cases[] = {
      {"2014", TemporalPrecision::kYear},
      {"2014-01", TemporalPrecision::kMonth},
      {"2014-01-05", TemporalPrecision::kDay},
      {"2014-01-05T10", TemporalPrecision::kHour},
      {"2014-01-05T10:30", TemporalPrecision::kMinute},
      {"2014-01-05T10:30:15", TemporalPrecision::kSecond},
      {"2014-01-05T10:30:15.250+07:00", TemporalPrecision::kMillisecond},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DT(c.text).precision, c.precision) << c.text;
    EXPECT_EQ(DT(c.text).ToString(), c.text);
  }
  EXPECT_TRUE(ParseTime("14:34:28.123").has_value());
  for (const char* bad : {"2014-13", "2014-02-30", "2014-01-05T25:00", "14", "2014-1-5"}) {
    EXPECT_FALSE(ParseDateTime(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseTime("14:34Z").has_value());
  EXPECT_FALSE(ParseDate("2014-01-05T10").has_value());
}

TEST(TemporalTest, ComparesAcrossOffsetsAndPrecision) {
  EXPECT_EQ(Cmp("2017-11-05T01:30:00.0-04:00", "2017-11-05T00:30:00.0-05:00"), 0);
  EXPECT_EQ(Cmp("2017-11-05T01:30:00.0-04:00", "2017-11-05T01:15:00.0-05:00"), -1);
  EXPECT_EQ(Cmp("2012-04-15T15:30:31", "2012-04-15T15:30:31.0"), 0);
  EXPECT_EQ(Cmp("2018-03", "2018-03-01"), std::nullopt);
  EXPECT_EQ(Cmp("2018-02", "2018-03-01"), -1);
  EXPECT_EQ(Cmp("2012-04-15T15:00:00Z", "2012-04-15T10:00:00"), std::nullopt);
  bool comparable = true;
  CompareTemporal(DT("2014"), *ParseTime("10:00"), &comparable);
  EXPECT_FALSE(comparable);
}

TEST(TemporalTest, CalendarArithmetic) {
  EXPECT_EQ(AddDuration(*ParseDate("1973-12-25"), 1, "month")->ToString(), "1974-01-25");
  EXPECT_EQ(AddDuration(*ParseDate("2024-01-31"), 1, "month")->ToString(), "2024-02-29");
  EXPECT_EQ(AddDuration(*ParseDate("2024-02-29"), 1, "year")->ToString(), "2025-02-28");
  EXPECT_EQ(AddDuration(*ParseDate("1973-12-25"), 7, "day")->ToString(), "1974-01-01");
  EXPECT_EQ(AddDuration(DT("1973-12-25T23:30:00.000+07:00"), 45, "minute")->ToString(),
            "1973-12-26T00:15:00.000+07:00");
  EXPECT_EQ(AddDuration(*ParseTime("23:00"), 2, "hour")->ToString(), "01:00");
  EXPECT_FALSE(AddDuration(*ParseDate("9999-12-31"), 1, "day").has_value());
}

TEST(TemporalTest, Boundaries) {
  EXPECT_EQ(TemporalBoundary(*ParseDate("2014"), 6, false)->ToString(), "2014-01");
  EXPECT_EQ(TemporalBoundary(*ParseDate("2014"), 8, true)->ToString(), "2014-12-31");
  EXPECT_EQ(TemporalBoundary(DT("2014-01-01T08:05+08:00"), 17, false)->ToString(),
            "2014-01-01T08:05:00.000+08:00");
  EXPECT_FALSE(TemporalBoundary(*ParseDate("2014"), 5, false).has_value());
  EXPECT_EQ(PrecisionDigits(DT("2014-01-05T10:30:00.000")), 17);
}

}  // namespace
}  // namespace lienthong::fhirpath
