#include "fhirpath/temporal.h"

#include <fmt/format.h>

namespace lienthong::fhirpath {
namespace {

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

constexpr int64_t kMsPerDay = 86400000;

int64_t EpochMs(const Temporal& t) {
  return DaysFromCivil(t.year, t.month, t.day) * kMsPerDay + t.hour * 3600000LL +
         t.minute * 60000LL + t.second * 1000LL + t.millisecond;
}

bool SetFromEpochMs(Temporal& t, int64_t ms) {
  int64_t days = ms / kMsPerDay;
  int64_t rest = ms % kMsPerDay;
  if (rest < 0) {
    rest += kMsPerDay;
    --days;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  if (y < 1 || y > 9999) return false;
  t.year = static_cast<int32_t>(y);
  t.month = static_cast<uint8_t>(m);
  t.day = static_cast<uint8_t>(d);
  t.hour = static_cast<uint8_t>(rest / 3600000);
  t.minute = static_cast<uint8_t>(rest / 60000 % 60);
  t.second = static_cast<uint8_t>(rest / 1000 % 60);
  t.millisecond = static_cast<uint16_t>(rest % 1000);
  return true;
}

// Reads exactly n digits at pos.
bool Digits(std::string_view s, size_t& pos, int n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool ParseDatePart(std::string_view s, size_t& pos, Temporal& t) {
  int v;
  if (!Digits(s, pos, 4, v)) return false;
  t.year = v;
  t.precision = TemporalPrecision::kYear;
  if (pos < s.size() && s[pos] == '-') {
    ++pos;
    if (!Digits(s, pos, 2, v) || v < 1 || v > 12) return false;
    t.month = static_cast<uint8_t>(v);
    t.precision = TemporalPrecision::kMonth;
    if (pos < s.size() && s[pos] == '-') {
      ++pos;
      if (!Digits(s, pos, 2, v) || v < 1 || v > DaysInMonth(t.year, t.month)) return false;
      t.day = static_cast<uint8_t>(v);
      t.precision = TemporalPrecision::kDay;
    }
  }
  return true;
}

bool ParseTimePart(std::string_view s, size_t& pos, Temporal& t) {
  int v;
  if (!Digits(s, pos, 2, v) || v > 23) return false;
  t.hour = static_cast<uint8_t>(v);
  t.precision = TemporalPrecision::kHour;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!Digits(s, pos, 2, v) || v > 59) return false;
    t.minute = static_cast<uint8_t>(v);
    t.precision = TemporalPrecision::kMinute;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!Digits(s, pos, 2, v) || v > 60) return false;
      t.second = static_cast<uint8_t>(v > 59 ? 59 : v);
      t.precision = TemporalPrecision::kSecond;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int ms = 0;
        int n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (n < 3) ms = ms * 10 + (s[pos] - '0');
          ++n;
          ++pos;
        }
        if (n == 0) return false;
        for (int i = n; i < 3; ++i) ms *= 10;
        t.millisecond = static_cast<uint16_t>(ms);
        t.precision = TemporalPrecision::kMillisecond;
      }
    }
  }
  return true;
}

bool ParseOffset(std::string_view s, size_t& pos, Temporal& t) {
  if (pos >= s.size()) return true;
  if (s[pos] == 'Z') {
    ++pos;
    t.has_offset = true;
    t.utc_z = true;
    t.offset_minutes = 0;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  const bool negative = s[pos] == '-';
  ++pos;
  int h, m;
  if (!Digits(s, pos, 2, h) || h > 14) return false;
  if (pos >= s.size() || s[pos] != ':') return false;
  ++pos;
  if (!Digits(s, pos, 2, m) || m > 59) return false;
  t.has_offset = true;
  t.offset_minutes = static_cast<int16_t>((negative ? -1 : 1) * (h * 60 + m));
  return true;
}

// Index of each precision in the comparison fields (seconds and
// milliseconds share one).
int Level(TemporalPrecision p) {
  return p == TemporalPrecision::kMillisecond ? 5 : static_cast<int>(p);
}

}  // namespace

std::string Temporal::ToString() const {
  std::string out;
  if (kind != TemporalKind::kTime) {
    out = fmt::format("{:04}", year);
    if (precision >= TemporalPrecision::kMonth) out += fmt::format("-{:02}", month);
    if (precision >= TemporalPrecision::kDay) out += fmt::format("-{:02}", day);
    if (kind == TemporalKind::kDate || precision < TemporalPrecision::kHour) return out;
    out += 'T';
  }
  out += fmt::format("{:02}", hour);
  if (precision >= TemporalPrecision::kMinute) out += fmt::format(":{:02}", minute);
  if (precision >= TemporalPrecision::kSecond) out += fmt::format(":{:02}", second);
  if (precision >= TemporalPrecision::kMillisecond) out += fmt::format(".{:03}", millisecond);
  if (kind == TemporalKind::kDateTime && has_offset) {
    if (utc_z) {
      out += 'Z';
    } else {
      const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
      out += fmt::format("{}{:02}:{:02}", offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    }
  }
  return out;
}

std::optional<Temporal> ParseDate(std::string_view text) {
  Temporal t;
  t.kind = TemporalKind::kDate;
  size_t pos = 0;
  if (!ParseDatePart(text, pos, t) || pos != text.size()) return std::nullopt;
  return t;
}

std::optional<Temporal> ParseDateTime(std::string_view text, bool allow_trailing_t) {
  Temporal t;
  t.kind = TemporalKind::kDateTime;
  size_t pos = 0;
  if (!ParseDatePart(text, pos, t)) return std::nullopt;
  if (pos < text.size() && text[pos] == 'T') {
    ++pos;
    if (pos == text.size()) {
      if (!allow_trailing_t) return std::nullopt;
      return t;
    }
    if (t.precision != TemporalPrecision::kDay) return std::nullopt;
    if (!ParseTimePart(text, pos, t) || !ParseOffset(text, pos, t)) return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return t;
}

std::optional<Temporal> ParseTime(std::string_view text) {
  Temporal t;
  t.kind = TemporalKind::kTime;
  size_t pos = 0;
  if (!ParseTimePart(text, pos, t) || pos != text.size()) return std::nullopt;
  return t;
}

std::optional<int> CompareTemporal(const Temporal& a, const Temporal& b, bool* comparable) {
  const bool a_time = a.kind == TemporalKind::kTime;
  const bool b_time = b.kind == TemporalKind::kTime;
  *comparable = a_time == b_time;
  if (!*comparable) return std::nullopt;
  Temporal x = a;
  Temporal y = b;
  if (!a_time && x.precision >= TemporalPrecision::kHour &&
      y.precision >= TemporalPrecision::kHour) {
    if (x.has_offset != y.has_offset) return std::nullopt;
    if (x.has_offset && x.offset_minutes != y.offset_minutes) {
      SetFromEpochMs(x, EpochMs(x) - x.offset_minutes * 60000LL);
      SetFromEpochMs(y, EpochMs(y) - y.offset_minutes * 60000LL);
    }
  }
  const int64_t fx[] = {x.year, x.month, x.day, x.hour, x.minute, x.second * 1000 + x.millisecond};
  const int64_t fy[] = {y.year, y.month, y.day, y.hour, y.minute, y.second * 1000 + y.millisecond};
  const int first = a_time ? 3 : 0;
  const int lx = Level(x.precision);
  const int ly = Level(y.precision);
  const int common = lx < ly ? lx : ly;
  for (int i = first; i <= common; ++i) {
    if (fx[i] != fy[i]) return fx[i] < fy[i] ? -1 : 1;
  }
  if (lx != ly) return std::nullopt;
  return 0;
}

std::optional<Temporal> AddDuration(const Temporal& a, int64_t amount, std::string_view unit,
                                    int64_t milliseconds_fraction) {
  Temporal t = a;
  if (unit == "year" || unit == "month") {
    if (t.kind == TemporalKind::kTime) return std::nullopt;
    int64_t months = static_cast<int64_t>(t.year) * 12 + (t.month - 1);
    months += unit == "year" ? amount * 12 : amount;
    const int64_t y = months / 12;
    if (months < 0 || y < 1 || y > 9999) return std::nullopt;
    t.year = static_cast<int32_t>(y);
    t.month = static_cast<uint8_t>(months % 12 + 1);
    const int dim = DaysInMonth(t.year, t.month);
    if (t.day > dim) t.day = static_cast<uint8_t>(dim);
    return t;
  }
  int64_t ms;
  if (unit == "week") {
    ms = amount * 7 * kMsPerDay;
  } else if (unit == "day") {
    ms = amount * kMsPerDay;
  } else if (unit == "hour") {
    ms = amount * 3600000;
  } else if (unit == "minute") {
    ms = amount * 60000;
  } else if (unit == "second") {
    ms = amount * 1000 + milliseconds_fraction;
  } else if (unit == "millisecond") {
    ms = amount;
  } else {
    return std::nullopt;
  }
  if (amount > 1000000000000LL || amount < -1000000000000LL) return std::nullopt;
  if (t.kind == TemporalKind::kTime) {
    int64_t day_ms = t.hour * 3600000LL + t.minute * 60000LL + t.second * 1000LL + t.millisecond;
    day_ms = ((day_ms + ms) % kMsPerDay + kMsPerDay) % kMsPerDay;
    t.hour = static_cast<uint8_t>(day_ms / 3600000);
    t.minute = static_cast<uint8_t>(day_ms / 60000 % 60);
    t.second = static_cast<uint8_t>(day_ms / 1000 % 60);
    t.millisecond = static_cast<uint16_t>(day_ms % 1000);
    return t;
  }
  if (t.precision < TemporalPrecision::kDay || t.kind == TemporalKind::kDate) {
    ms = ms / kMsPerDay * kMsPerDay;  // a date moves by whole days only
  }
  if (!SetFromEpochMs(t, EpochMs(t) + ms)) return std::nullopt;
  return t;
}

int PrecisionDigits(const Temporal& t) {
  static constexpr int kDate[] = {4, 6, 8, 10, 12, 14, 17};
  static constexpr int kTime[] = {0, 0, 0, 2, 4, 6, 9};
  const int i = static_cast<int>(t.precision);
  return t.kind == TemporalKind::kTime ? kTime[i] : kDate[i];
}

std::optional<Temporal> TemporalBoundary(const Temporal& t, int digits, bool high) {
  Temporal out = t;
  TemporalPrecision p;
  if (t.kind == TemporalKind::kTime) {
    switch (digits) {
      case 2:
        p = TemporalPrecision::kHour;
        break;
      case 4:
        p = TemporalPrecision::kMinute;
        break;
      case 6:
        p = TemporalPrecision::kSecond;
        break;
      case 9:
        p = TemporalPrecision::kMillisecond;
        break;
      default:
        return std::nullopt;
    }
  } else {
    switch (digits) {
      case 4:
        p = TemporalPrecision::kYear;
        break;
      case 6:
        p = TemporalPrecision::kMonth;
        break;
      case 8:
        p = TemporalPrecision::kDay;
        break;
      case 10:
        p = TemporalPrecision::kHour;
        break;
      case 12:
        p = TemporalPrecision::kMinute;
        break;
      case 14:
        p = TemporalPrecision::kSecond;
        break;
      case 17:
        p = TemporalPrecision::kMillisecond;
        break;
      default:
        return std::nullopt;
    }
    if (t.kind == TemporalKind::kDate && p > TemporalPrecision::kDay) return std::nullopt;
  }
  // Fields the value does not have take their extreme.
  if (t.precision < TemporalPrecision::kMonth) out.month = high ? 12 : 1;
  if (t.precision < TemporalPrecision::kDay) {
    out.day = static_cast<uint8_t>(high ? DaysInMonth(out.year, out.month) : 1);
  }
  if (t.precision < TemporalPrecision::kHour) out.hour = high ? 23 : 0;
  if (t.precision < TemporalPrecision::kMinute) out.minute = high ? 59 : 0;
  if (t.precision < TemporalPrecision::kSecond) out.second = high ? 59 : 0;
  if (t.precision < TemporalPrecision::kMillisecond) out.millisecond = high ? 999 : 0;
  if (t.kind == TemporalKind::kDateTime && p >= TemporalPrecision::kHour && !t.has_offset) {
    // Unknown offset: the widest the world uses.
    out.has_offset = true;
    out.utc_z = false;
    out.offset_minutes = high ? -12 * 60 : 14 * 60;
  }
  out.precision = p;
  return out;
}

}  // namespace lienthong::fhirpath
