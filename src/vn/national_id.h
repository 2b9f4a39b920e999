// The personal ID number (CCCD, số định danh cá nhân): 12 digits,
// PPP C YY NNNNNN: the 3-digit code of the province where the birth was
// registered (001-096), one digit for century and sex (1900s: male 0,
// female 1; 2000s: 2/3; 2100s: 4/5; 2200s: 6/7; 1800s: 8/9 is not used),
// the last two digits of the birth year, and 6 digits with no check digit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace lienthong::vn {

enum class Sex : uint8_t { kMale, kFemale };

struct NationalIdParts {
  int province = 0;  // 1-96
  Sex sex = Sex::kMale;
  int birth_year = 0;   // 1900-2299
  uint32_t serial = 0;  // 0-999999
};

// The 12-digit number for `parts`; kInvalid when a part is out of range.
Result<std::string> FormatNationalId(const NationalIdParts& parts);

// Splits a 12-digit number into its parts; kInvalid when it is not 12 digits,
// the province is outside 001-096 or the century digit is not 0-7.
Result<NationalIdParts> ParseNationalId(std::string_view id);

}  // namespace lienthong::vn
