// The ethnic group (dân tộc) of a synthetic resident, drawn from the mix of
// their province: Tày, Nùng, HMông and Dao in the northern mountains, Thái
// and Mường in the northwest, Hòa Bình and Thanh Hóa, the peoples of the
// Central Highlands, Chăm on the south-central coast, Khơ-me in the Mekong
// delta, Hoa in Hồ Chí Minh City; Kinh elsewhere.
#pragma once

#include <string_view>

#include "synth/random.h"

namespace lienthong::synth {

struct Ethnicity {
  std::string_view code;     // the 54-group list (QĐ 121-TCTK/PPCĐ), "01" Kinh
  std::string_view display;  // as in that list
};

// Code system of the list, as the VN Core IG names it.
inline constexpr const char* kEthnicitySystem =
    "http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-race";

// Draws the group of a resident of `province_code` (2 digits, admin units
// 2024); an unknown code gets the mix of the Kinh lowland provinces.
const Ethnicity& DrawEthnicity(Random& random, std::string_view province_code);

}  // namespace lienthong::synth
