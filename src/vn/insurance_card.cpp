#include "vn/insurance_card.h"

#include <fmt/format.h>

namespace lienthong::vn {

Result<std::string> FormatInsuranceCard(const InsuranceCardParts& parts) {
  if (parts.group.size() != 2 || parts.group[0] < 'A' || parts.group[0] > 'Z' ||
      parts.group[1] < 'A' || parts.group[1] > 'Z') {
    return Status::Invalid("insurance card: group is not two capital letters");
  }
  if (parts.benefit_level < 1 || parts.benefit_level > 5) {
    return Status::Invalid("insurance card: benefit level outside 1-5");
  }
  if (parts.province < 1 || parts.province > 96) {
    return Status::Invalid("insurance card: province code outside 01-96");
  }
  if (parts.social_insurance_number > 9999999999ULL) {
    return Status::Invalid("insurance card: social-insurance number over 10 digits");
  }
  return fmt::format("{}{:d}{:02d}{:010d}", parts.group, parts.benefit_level, parts.province,
                     parts.social_insurance_number);
}

bool IsWellFormedInsuranceCard(std::string_view code) {
  if (code.size() != 15) return false;
  for (size_t i = 0; i < 2; ++i) {
    if (code[i] < 'A' || code[i] > 'Z') return false;
  }
  if (code[2] < '1' || code[2] > '5') return false;
  for (size_t i = 3; i < 15; ++i) {
    if (code[i] < '0' || code[i] > '9') return false;
  }
  return true;
}

int BenefitLevelOfGroup(std::string_view group) {
  if (group == "QN" || group == "CA" || group == "CY") return 1;
  if (group == "CC" || group == "TE") return 2;
  if (group == "HT" || group == "HN" || group == "CN" || group == "TC" || group == "TQ" ||
      group == "TA" || group == "TY" || group == "HG" || group == "LS" || group == "PV" ||
      group == "XB" || group == "TN" || group == "CS" || group == "XN" || group == "MS" ||
      group == "HD" || group == "TB" || group == "NO" || group == "CT" || group == "XK" ||
      group == "BT") {
    return 3;
  }
  return 4;
}

}  // namespace lienthong::vn
