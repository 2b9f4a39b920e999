// Civil dates as day numbers (days since 1970-01-01), proleptic Gregorian.
#pragma once

#include <string>

namespace lienthong::synth {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
};

int DaysFromCivil(CivilDate d);
CivilDate CivilFromDays(int days);
// "yyyy-mm-dd"
std::string FormatDate(int days);
// "yyyy-mm-ddThh:mm:00+07:00" at `minute` minutes after local midnight.
std::string FormatDateTime(int days, int minute);
// Completed years between two day numbers (birthdays counted on the day).
int CompletedYears(int birth, int on);

}  // namespace lienthong::synth
