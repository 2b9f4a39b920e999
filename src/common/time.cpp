#include "common/time.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <ctime>

namespace lienthong {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month, day, hour, minute, second, micros;
  unsigned weekday;  // 0 = Sunday
};

Civil ToCivil(int64_t us) {
  int64_t secs = us / kMicrosPerSecond;
  int64_t rem = us % kMicrosPerSecond;
  if (rem < 0) {
    rem += kMicrosPerSecond;
    --secs;
  }
  int64_t days = secs / 86400;
  int64_t sod = secs % 86400;
  if (sod < 0) {
    sod += 86400;
    --days;
  }
  Civil c{};
  c.weekday = static_cast<unsigned>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = static_cast<int64_t>(yoe) + era * 400 + (c.month <= 2);
  c.hour = static_cast<unsigned>(sod / 3600);
  c.minute = static_cast<unsigned>((sod / 60) % 60);
  c.second = static_cast<unsigned>(sod % 60);
  c.micros = static_cast<unsigned>(rem);
  return c;
}

bool ParseDigits(std::string_view s, size_t pos, size_t count, unsigned& out) {
  if (pos + count > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                     31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {
// Writes n as `width` decimal digits at p; returns the end.
char* PutDigits(char* p, int64_t n, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + n % 10);
    n /= 10;
  }
  return p + width;
}
}  // namespace

// Both formatters run on every response, so they write digits by hand
// rather than through a format string.
std::string FormatInstant(int64_t us) {
  const Civil c = ToCivil(us);
  char buf[32];
  char* p = PutDigits(buf, c.year, 4);
  *p++ = '-';
  p = PutDigits(p, c.month, 2);
  *p++ = '-';
  p = PutDigits(p, c.day, 2);
  *p++ = 'T';
  p = PutDigits(p, c.hour, 2);
  *p++ = ':';
  p = PutDigits(p, c.minute, 2);
  *p++ = ':';
  p = PutDigits(p, c.second, 2);
  *p++ = '.';
  p = PutDigits(p, c.micros, 6);
  *p++ = 'Z';
  return std::string(buf, p);
}

std::string FormatHttpDate(int64_t us) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Civil c = ToCivil(us);
  char buf[32];
  char* p = std::copy_n(kDays[c.weekday], 3, buf);
  *p++ = ',';
  *p++ = ' ';
  p = PutDigits(p, c.day, 2);
  *p++ = ' ';
  p = std::copy_n(kMonths[c.month - 1], 3, p);
  *p++ = ' ';
  p = PutDigits(p, c.year, 4);
  *p++ = ' ';
  p = PutDigits(p, c.hour, 2);
  *p++ = ':';
  p = PutDigits(p, c.minute, 2);
  *p++ = ':';
  p = PutDigits(p, c.second, 2);
  p = std::copy_n(" GMT", 4, p);
  return std::string(buf, p);
}

Result<TimeRange> ParseFhirDateTime(std::string_view s) {
  auto bad = [] { return Status::Invalid("not a valid FHIR date, dateTime or instant"); };
  unsigned year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  if (!ParseDigits(s, 0, 4, year)) return bad();
  size_t pos = 4;
  enum { kYear, kMonth, kDay, kMinute, kSecond, kFraction } precision = kYear;
  if (pos < s.size()) {
    if (s[pos] != '-' || !ParseDigits(s, pos + 1, 2, month) || month < 1 || month > 12) {
      return bad();
    }
    pos += 3;
    precision = kMonth;
  }
  if (pos < s.size()) {
    if (s[pos] != '-' || !ParseDigits(s, pos + 1, 2, day) || day < 1 ||
        day > DaysInMonth(year, month)) {
      return bad();
    }
    pos += 3;
    precision = kDay;
  }
  int64_t micros = 0;
  int64_t fraction_unit = 0;
  int64_t offset_secs = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' || !ParseDigits(s, pos + 1, 2, hour) || hour > 23 || pos + 3 >= s.size() ||
        s[pos + 3] != ':' || !ParseDigits(s, pos + 4, 2, minute) || minute > 59) {
      return bad();
    }
    pos += 6;
    precision = kMinute;
    if (pos < s.size() && s[pos] == ':') {
      if (!ParseDigits(s, pos + 1, 2, second) || second > 60) return bad();
      pos += 3;
      precision = kSecond;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        size_t digits = 0;
        int64_t unit = kMicrosPerSecond;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (digits < 6) {
            unit /= 10;
            micros += (s[pos] - '0') * unit;
          }
          ++digits;
          ++pos;
        }
        if (digits == 0) return bad();
        fraction_unit = unit;
        precision = kFraction;
      }
    }
    if (pos < s.size()) {
      if (s[pos] == 'Z') {
        ++pos;
      } else if (s[pos] == '+' || s[pos] == '-') {
        unsigned oh = 0, om = 0;
        if (!ParseDigits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !ParseDigits(s, pos + 4, 2, om) || oh > 14 || om > 59) {
          return bad();
        }
        offset_secs = (s[pos] == '-' ? -1 : 1) * static_cast<int64_t>(oh * 3600 + om * 60);
        pos += 6;
      } else {
        return bad();
      }
    }
    if (pos != s.size()) return bad();
  }
  const int64_t days = DaysFromCivil(year, month, day);
  const int64_t start_secs =
      days * 86400 + int64_t{hour} * 3600 + int64_t{minute} * 60 + second - offset_secs;
  TimeRange range;
  range.start_us = start_secs * kMicrosPerSecond + micros;
  switch (precision) {
    case kYear:
      range.end_us = DaysFromCivil(year + 1, 1, 1) * 86400 * kMicrosPerSecond;
      break;
    case kMonth:
      range.end_us = DaysFromCivil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) *
                     86400 * kMicrosPerSecond;
      break;
    case kDay:
      range.end_us = range.start_us + 86400 * kMicrosPerSecond;
      break;
    case kMinute:
      range.end_us = range.start_us + 60 * kMicrosPerSecond;
      break;
    case kSecond:
      range.end_us = range.start_us + kMicrosPerSecond;
      break;
    case kFraction:
      range.end_us = range.start_us + std::max<int64_t>(fraction_unit, 1);
      break;
  }
  return range;
}

Result<int64_t> ParseHttpDate(std::string_view s) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto bad = [] { return Status::Invalid("not an HTTP date"); };
  if (s.size() != 29 || s[3] != ',' || s.substr(26) != "GMT") return bad();
  unsigned day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (!ParseDigits(s, 5, 2, day) || !ParseDigits(s, 12, 4, year) || !ParseDigits(s, 17, 2, hour) ||
      !ParseDigits(s, 20, 2, minute) || !ParseDigits(s, 23, 2, second)) {
    return bad();
  }
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i) {
    if (s.substr(8, 3) == kMonths[i]) month = i + 1;
  }
  if (month == 0 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 ||
      second > 60) {
    return bad();
  }
  return (DaysFromCivil(year, month, day) * 86400 + int64_t{hour} * 3600 + int64_t{minute} * 60 +
          second) *
         kMicrosPerSecond;
}

}  // namespace lienthong
