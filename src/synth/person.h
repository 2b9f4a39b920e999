// One synthetic resident of the province: sex, age drawn from Vietnam's
// population pyramid, name, commune of residence, personal ID (CCCD) whose
// province, century/sex digit and birth year agree with the person, a
// health-insurance card with a beneficiary group plausible for the age,
// phone number and ethnic group (by province, ethnicity.h).
#pragma once

#include <span>
#include <string>

#include "synth/facility_network.h"
#include "synth/name_catalog.h"
#include "synth/random.h"
#include "vn/national_id.h"

namespace lienthong::synth {

struct Person {
  std::string id;
  vn::Sex sex = vn::Sex::kMale;
  int birth_days = 0;  // day number of the birth date
  PersonName name;
  size_t district = 0;
  size_t commune = 0;
  std::string national_id;
  std::string insurance_card;    // empty when uninsured
  std::string phone;             // empty for young children
  std::string_view ethnic_code;  // ethnicity.h: the 54-group list
  std::string_view ethnic_display;
  double size_factor = 1.0;  // multiplies the reference weight for the age
};

// The share of each 5-year age group (0-4, 5-9, ..., 75-79, 80+), in
// percent, that DrawPerson follows: Vietnam's population around 2024.
std::span<const double> AgePyramid();

// Draws a person living in `network`'s province, aged as of `today`.
Person DrawPerson(Random& random, const FacilityNetwork& network, int today);

// The Patient resource as compact JSON; `deceased` is the dateTime of
// death, empty while the person lives.
void WritePatient(const Person& person, const FacilityNetwork& network, int today,
                  std::string_view deceased, std::string& out);

}  // namespace lienthong::synth
