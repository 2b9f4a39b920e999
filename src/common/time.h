// Instants as lienthong stores them (microseconds since the Unix epoch, UTC)
// and their text forms: FHIR instant/dateTime and the HTTP date.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace lienthong {

int64_t NowMicros();

// "2026-11-22T05:54:52.123456Z": microsecond precision, the store's own, so
// that a client passing a lastUpdated back as _since gets exactly what
// followed it.
std::string FormatInstant(int64_t us);
// "Sun, 22 Nov 2026 05:54:52 GMT" (RFC 7231 IMF-fixdate) for Last-Modified.
std::string FormatHttpDate(int64_t us);

// A FHIR date, dateTime or instant ("2026", "2026-11", "2026-11-22",
// "2026-11-22T05:54:52.123+07:00"), as the half-open range of microseconds it
// covers given its precision. A dateTime with a time but no zone is read as UTC.
struct TimeRange {
  int64_t start_us = 0;
  int64_t end_us = 0;  // exclusive
};
Result<TimeRange> ParseFhirDateTime(std::string_view text);

// An HTTP date in IMF-fixdate form; kInvalid otherwise.
Result<int64_t> ParseHttpDate(std::string_view text);

}  // namespace lienthong
