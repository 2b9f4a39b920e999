// The health-insurance card code (mã thẻ BHYT): 15 characters, GG L PP
// NNNNNNNNNN: the 2-letter beneficiary group, the benefit level 1-5, the
// 2-digit province code and the 10-digit social-insurance number;
// ^[A-Z]{2}[1-5][0-9]{12}$.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace lienthong::vn {

struct InsuranceCardParts {
  std::string group;                     // "TE", "HS", "DN", "HC", "HT", "HN", "CN", "GD", ...
  int benefit_level = 4;                 // 1-5
  int province = 0;                      // 1-96
  uint64_t social_insurance_number = 0;  // < 10^10
};

// The 15-character code; kInvalid when a part is out of range.
Result<std::string> FormatInsuranceCard(const InsuranceCardParts& parts);

// Whether `code` matches ^[A-Z]{2}[1-5][0-9]{12}$.
bool IsWellFormedInsuranceCard(std::string_view code);

// The benefit level the law gives a beneficiary group: 1 (QN, CA, CY), 2 (CC,
// TE), 3 (HT, HN, ...), 4 (most groups, e.g. DN, HC, HS, GD); 5 for groups it
// does not know is wrong, so unknown groups get 4.
int BenefitLevelOfGroup(std::string_view group);

}  // namespace lienthong::vn
