// Temporal: the FHIRPath Date, DateTime and Time types with their precision.
//
// A value keeps the fields that were written and how far they go ("2014-01"
// has month precision), and the time-zone offset when one was given. Seconds
// and milliseconds count as one precision for comparison, as the
// specification says ("10:30:00" equals "10:30:00.0").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lienthong::fhirpath {

enum class TemporalKind : uint8_t { kDate, kDateTime, kTime };

// In order: a higher precision has every field of the lower ones.
enum class TemporalPrecision : uint8_t {
  kYear,
  kMonth,
  kDay,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
};

struct Temporal {
  TemporalKind kind = TemporalKind::kDate;
  TemporalPrecision precision = TemporalPrecision::kYear;
  bool has_offset = false;
  bool utc_z = false;          // the offset was written as "Z"
  int16_t offset_minutes = 0;  // east of UTC
  int32_t year = 0;
  uint8_t month = 1;
  uint8_t day = 1;
  uint8_t hour = 0;
  uint8_t minute = 0;
  uint8_t second = 0;
  uint16_t millisecond = 0;

  // FHIR/ISO text without the leading '@': "2014-01-05", "2014-01-05T10:30:00.000+07:00",
  // "10:30" (for Time, without the 'T').
  std::string ToString() const;
};

// Parsers for the text of FHIR primitives and of FHIRPath literals (without
// '@'). ParseDateTime accepts a date alone ("2014-01") and, when
// allow_trailing_t, a date followed by a bare 'T' (the literal "@2014T").
// nullopt when the text is not such a value or a field is out of range.
std::optional<Temporal> ParseDate(std::string_view text);
std::optional<Temporal> ParseDateTime(std::string_view text, bool allow_trailing_t = false);
std::optional<Temporal> ParseTime(std::string_view text);

// Three-way comparison: -1, 0 or 1, or nullopt when the answer depends on
// precision the values do not have (or only one has a time-zone offset at
// hour precision or finer). Date and DateTime compare with each other; a
// Time compares only with a Time (`comparable` is false otherwise).
std::optional<int> CompareTemporal(const Temporal& a, const Temporal& b, bool* comparable);

// a + amount of `unit` ("year", "month", "week", "day", "hour", "minute",
// "second", "millisecond"); the amount is truncated to a whole number, except
// that seconds keep milliseconds. nullopt when the result is out of range.
std::optional<Temporal> AddDuration(const Temporal& a, int64_t amount, std::string_view unit,
                                    int64_t milliseconds_fraction = 0);

// The number of digits of precision, as the precision() function reports:
// 4, 6, 8, 10, 12, 14, 17 for dates and date-times; 2, 4, 6, 9 for times.
int PrecisionDigits(const Temporal& t);

// The earliest and latest instants the value could stand for, at the given
// number of digits of precision (lowBoundary()/highBoundary()); nullopt when
// the precision is not one of those PrecisionDigits() reports.
std::optional<Temporal> TemporalBoundary(const Temporal& t, int digits, bool high);

}  // namespace lienthong::fhirpath
