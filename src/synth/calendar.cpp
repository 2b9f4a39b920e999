#include "synth/calendar.h"

#include <fmt/format.h>

namespace lienthong::synth {

// Howard Hinnant's algorithms (chrono-compatible, public domain).
int DaysFromCivil(CivilDate d) {
  const int y = d.year - (d.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(d.month > 2 ? d.month - 3 : d.month + 9);
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d.day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

CivilDate CivilFromDays(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{y + (m <= 2 ? 1 : 0), static_cast<int>(m), static_cast<int>(d)};
}

std::string FormatDate(int days) {
  const CivilDate d = CivilFromDays(days);
  return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
}

std::string FormatDateTime(int days, int minute) {
  const CivilDate d = CivilFromDays(days);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:00+07:00", d.year, d.month, d.day,
                     minute / 60 % 24, minute % 60);
}

int CompletedYears(int birth, int on) {
  const CivilDate b = CivilFromDays(birth);
  const CivilDate o = CivilFromDays(on);
  int years = o.year - b.year;
  if (o.month < b.month || (o.month == b.month && o.day < b.day)) --years;
  return years;
}

}  // namespace lienthong::synth
