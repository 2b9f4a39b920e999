// Vietnamese personal names with their approximate frequencies: family names
// (Nguyễn about 38%, Trần 11%, Lê 9.5%, ...), middle names by sex and given
// names by sex.
#pragma once

#include <string_view>

#include "synth/random.h"
#include "vn/national_id.h"

namespace lienthong::synth {

struct PersonName {
  std::string_view family;
  std::string_view middle;
  std::string_view given;
};

PersonName DrawName(Random& random, vn::Sex sex);

// The family-name shares the generator draws from, in percent, for tests.
double FamilyNameShare(std::string_view family);

}  // namespace lienthong::synth
