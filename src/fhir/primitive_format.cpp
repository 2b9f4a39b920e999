#include "fhir/primitive_format.h"

#include <cstdint>

namespace lienthong::fhir {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Reads exactly n digits at s[pos]; advances pos.
bool Digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!IsDigit(c)) return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// YYYY, YYYY-MM or YYYY-MM-DD; sets `full` when the day is present.
bool ParseDate(std::string_view s, size_t& pos, bool& full) {
  int year, month, day;
  full = false;
  if (!Digits(s, pos, 4, year) || year == 0) return false;
  if (pos == s.size() || s[pos] != '-') return true;
  ++pos;
  if (!Digits(s, pos, 2, month) || month < 1 || month > 12) return false;
  if (pos == s.size() || s[pos] != '-') return true;
  ++pos;
  if (!Digits(s, pos, 2, day) || day < 1 || day > DaysInMonth(year, month)) return false;
  full = true;
  return true;
}

// hh:mm:ss(.fraction)?
bool ParseTime(std::string_view s, size_t& pos) {
  int hour, minute, second;
  if (!Digits(s, pos, 2, hour) || hour > 23 || !Expect(s, pos, ':') || !Digits(s, pos, 2, minute) ||
      minute > 59 || !Expect(s, pos, ':') || !Digits(s, pos, 2, second) || second > 60) {
    return false;
  }
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    if (pos == start) return false;
  }
  return true;
}

// Z or +hh:mm / -hh:mm up to 14:00.
bool ParseZone(std::string_view s, size_t& pos) {
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
    return true;
  }
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return false;
  ++pos;
  int hour, minute;
  if (!Digits(s, pos, 2, hour) || !Expect(s, pos, ':') || !Digits(s, pos, 2, minute)) {
    return false;
  }
  return (hour <= 13 && minute <= 59) || (hour == 14 && minute == 0);
}

bool IsValidString(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

bool IsValidUri(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (IsSpace(c)) return false;
  }
  return true;
}

bool IsValidOid(std::string_view s) {
  constexpr std::string_view kPrefix = "urn:oid:";
  if (!s.starts_with(kPrefix)) return false;
  s.remove_prefix(kPrefix.size());
  if (s.size() < 3 || s[0] < '0' || s[0] > '2' || s[1] != '.') return false;
  size_t pos = 1;
  while (pos < s.size()) {
    if (s[pos] != '.' || pos + 1 >= s.size()) return false;
    ++pos;
    size_t start = pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    if (pos == start || (s[start] == '0' && pos - start > 1)) return false;
  }
  return true;
}

bool IsValidUuid(std::string_view s) {
  constexpr std::string_view kPrefix = "urn:uuid:";
  if (!s.starts_with(kPrefix) || s.size() != kPrefix.size() + 36) return false;
  s.remove_prefix(kPrefix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!IsDigit(c) && !(c >= 'a' && c <= 'f')) {
      return false;
    }
  }
  return true;
}

bool IsValidBase64(std::string_view s) {
  size_t count = 0, padding = 0;
  for (char c : s) {
    if (IsSpace(c)) continue;
    bool alpha =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '+' || c == '/';
    if (c == '=') {
      ++padding;
    } else if (!alpha || padding > 0) {
      return false;
    }
    ++count;
  }
  return count > 0 && count % 4 == 0 && padding <= 2;
}

// A JSON integer literal within [min, max].
bool IsIntegerInRange(std::string_view s, int64_t min, int64_t max) {
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && s[pos] == '-') {
    negative = true;
    ++pos;
  }
  if (pos == s.size() || s.size() - pos > 11) return false;
  int64_t n = 0;
  for (; pos < s.size(); ++pos) {
    if (!IsDigit(s[pos])) return false;
    n = n * 10 + (s[pos] - '0');
  }
  if (negative) n = -n;
  return n >= min && n <= max;
}

}  // namespace

bool IsValidDate(std::string_view s) {
  size_t pos = 0;
  bool full;
  return ParseDate(s, pos, full) && pos == s.size();
}

bool IsValidDateTime(std::string_view s) {
  size_t pos = 0;
  bool full;
  if (!ParseDate(s, pos, full)) return false;
  if (pos == s.size()) return true;
  return full && Expect(s, pos, 'T') && ParseTime(s, pos) && ParseZone(s, pos) && pos == s.size();
}

bool IsValidInstant(std::string_view s) {
  size_t pos = 0;
  bool full;
  return ParseDate(s, pos, full) && full && Expect(s, pos, 'T') && ParseTime(s, pos) &&
         ParseZone(s, pos) && pos == s.size();
}

bool IsValidTime(std::string_view s) {
  size_t pos = 0;
  return ParseTime(s, pos) && pos == s.size();
}

bool IsValidId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool IsValidCode(std::string_view s) {
  if (s.empty() || IsSpace(s.front()) || IsSpace(s.back())) return false;
  for (size_t i = 1; i < s.size(); ++i) {
    if (IsSpace(s[i]) && IsSpace(s[i - 1])) return false;
  }
  return IsValidString(s);
}

const char* CheckPrimitive(PrimitiveKind kind, const json::Value& value) {
  switch (kind) {
    case PrimitiveKind::kBoolean:
      return value.is_bool() ? nullptr : "expected a JSON boolean";
    case PrimitiveKind::kInteger:
    case PrimitiveKind::kPositiveInt:
    case PrimitiveKind::kUnsignedInt: {
      if (!value.is_number()) return "expected a JSON number";
      int64_t min = kind == PrimitiveKind::kInteger       ? INT32_MIN
                    : kind == PrimitiveKind::kPositiveInt ? 1
                                                          : 0;
      return IsIntegerInRange(value.text(), min, INT32_MAX) ? nullptr
                                                            : "not an integer in the allowed range";
    }
    case PrimitiveKind::kDecimal:
      return value.is_number() ? nullptr : "expected a JSON number";
    case PrimitiveKind::kNone:
      return "not a primitive type";
    default:
      break;
  }
  if (!value.is_string()) return "expected a JSON string";
  std::string_view s = value.text();
  switch (kind) {
    case PrimitiveKind::kString:
    case PrimitiveKind::kMarkdown:
      return IsValidString(s) ? nullptr : "string is empty or contains control characters";
    case PrimitiveKind::kCode:
      return IsValidCode(s) ? nullptr : "invalid code (empty or extra whitespace)";
    case PrimitiveKind::kId:
      return IsValidId(s) ? nullptr : "invalid id (1-64 of A-Z a-z 0-9 - .)";
    case PrimitiveKind::kUri:
    case PrimitiveKind::kUrl:
    case PrimitiveKind::kCanonical:
      return IsValidUri(s) ? nullptr : "invalid uri (empty or contains whitespace)";
    case PrimitiveKind::kOid:
      return IsValidOid(s) ? nullptr : "invalid oid";
    case PrimitiveKind::kUuid:
      return IsValidUuid(s) ? nullptr : "invalid uuid";
    case PrimitiveKind::kBase64Binary:
      return IsValidBase64(s) ? nullptr : "invalid base64Binary";
    case PrimitiveKind::kDate:
      return IsValidDate(s) ? nullptr : "invalid date";
    case PrimitiveKind::kDateTime:
      return IsValidDateTime(s) ? nullptr : "invalid dateTime";
    case PrimitiveKind::kInstant:
      return IsValidInstant(s) ? nullptr : "invalid instant (full date, time and timezone)";
    case PrimitiveKind::kTime:
      return IsValidTime(s) ? nullptr : "invalid time";
    case PrimitiveKind::kXhtml: {
      size_t start = s.find_first_not_of(" \t\r\n");
      return start != std::string_view::npos && s.substr(start).starts_with("<div")
                 ? nullptr
                 : "xhtml must be a div element";
    }
    default:
      return "not a primitive type";
  }
}

}  // namespace lienthong::fhir
