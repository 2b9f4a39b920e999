#include "synth/person.h"

#include <fmt/format.h>

#include <array>

#include "synth/calendar.h"
#include "synth/ethnicity.h"
#include "synth/json_text.h"
#include "vn/admin_units.h"
#include "vn/identifier_systems.h"
#include "vn/insurance_card.h"

namespace lienthong::synth {
namespace {

// GSO population estimates, 5-year groups, percent (sums to about 100).
constexpr std::array<double, 17> kPyramid = {7.3, 8.0, 7.8, 7.0, 6.8, 7.4, 8.0, 7.9, 7.4,
                                             6.8, 6.2, 5.6, 4.8, 3.8, 2.5, 1.5, 2.0};

constexpr std::array<std::string_view, 30> kMobilePrefixes = {
    "90", "91", "93", "94", "96", "97", "98", "86", "88", "89", "32", "33", "34", "35", "36",
    "37", "38", "39", "70", "76", "77", "78", "79", "81", "82", "83", "84", "85", "56", "58"};

// A beneficiary group plausible for the age; empty for no card (about 7%
// of adults; children under 6 are always insured).
std::string_view DrawInsuranceGroup(Random& random, int age) {
  if (age < 6) return "TE";
  if (age < 18) return random.Chance(0.95) ? "HS" : "GD";
  if (age < 23 && random.Chance(0.5)) return "SV";
  if (random.Chance(0.07)) return "";
  if (age >= 60) {
    constexpr std::array<double, 5> w = {35, 35, 12, 8, 10};
    constexpr std::array<std::string_view, 5> g = {"HT", "GD", "HN", "CN", "BT"};
    return g[random.Weighted(w)];
  }
  constexpr std::array<double, 6> w = {40, 10, 33, 6, 6, 5};
  constexpr std::array<std::string_view, 6> g = {"DN", "HC", "GD", "HN", "CN", "NO"};
  return g[random.Weighted(w)];
}

}  // namespace

std::span<const double> AgePyramid() { return kPyramid; }

Person DrawPerson(Random& random, const FacilityNetwork& network, int today) {
  Person p;
  p.id = random.Uuid();
  p.sex = random.Chance(0.497) ? vn::Sex::kMale : vn::Sex::kFemale;
  const size_t group = random.Weighted(kPyramid);
  const int age =
      static_cast<int>(group) * 5 + static_cast<int>(random.Below(group == 16 ? 20 : 5));
  p.birth_days =
      today - age * 365 - static_cast<int>(age / 4) - static_cast<int>(random.Below(365));
  if (p.birth_days > today) p.birth_days = today;
  p.name = DrawName(random, p.sex);

  // Residence: a commune drawn uniformly across the province.
  const vn::Province& province = network.province();
  size_t communes = 0;
  for (const vn::District& d : province.districts) communes += d.communes.size();
  size_t pick = random.Below(communes);
  for (size_t d = 0; d < province.districts.size(); ++d) {
    if (pick < province.districts[d].communes.size()) {
      p.district = d;
      p.commune = pick;
      break;
    }
    pick -= province.districts[d].communes.size();
  }

  // Birth registered in this province, or (one in ten) elsewhere.
  int birth_province = std::stoi(province.code);
  if (random.Chance(0.1)) {
    const std::vector<vn::Province>& all = vn::AdminUnits2024();
    birth_province = std::stoi(all[random.Below(all.size())].code);
  }
  const int birth_year = CivilFromDays(p.birth_days).year;
  p.national_id = vn::FormatNationalId({birth_province, p.sex, birth_year,
                                        static_cast<uint32_t>(random.Below(1000000))})
                      .value();

  const int age_now = CompletedYears(p.birth_days, today);
  const std::string_view group_code = DrawInsuranceGroup(random, age_now);
  if (!group_code.empty()) {
    const int province_code = std::stoi(province.code);
    p.insurance_card =
        vn::FormatInsuranceCard(
            {std::string(group_code), vn::BenefitLevelOfGroup(group_code), province_code,
             static_cast<uint64_t>(province_code) * 100000000ULL + random.Below(100000000ULL)})
            .value();
  }
  if (age_now >= 15) {
    p.phone = fmt::format("0{}{:07d}", kMobilePrefixes[random.Below(kMobilePrefixes.size())],
                          random.Below(10000000));
  }
  const Ethnicity& e = DrawEthnicity(random, province.code);
  p.ethnic_code = e.code;
  p.ethnic_display = e.display;
  p.size_factor = 1.0 + 0.12 * random.Normal();
  if (p.size_factor < 0.7) p.size_factor = 0.7;
  if (p.size_factor > 1.4) p.size_factor = 1.4;
  return p;
}

void WritePatient(const Person& p, const FacilityNetwork& network, int today,
                  std::string_view deceased, std::string& out) {
  const vn::Province& province = network.province();
  const vn::District& district = province.districts[p.district];
  const vn::Commune& commune = district.communes[p.commune];
  JsonText j(out);
  j.BeginObject().Field("resourceType", "Patient").Field("id", p.id);
  j.Key("extension").BeginArray().BeginObject();
  j.Field("url", "http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-race");
  j.Key("valueCodeableConcept").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", kEthnicitySystem)
      .Field("code", p.ethnic_code)
      .Field("display", p.ethnic_display);
  j.EndObject().EndArray().EndObject().EndObject().EndArray();

  j.Key("identifier").BeginArray();
  j.BeginObject().Field("use", "official").Field("system", vn::kNationalIdSystem);
  j.Field("value", p.national_id).EndObject();
  if (!p.insurance_card.empty()) {
    const int year = CivilFromDays(today).year;
    j.BeginObject().Field("system", vn::kInsuranceNumberSystem).Field("value", p.insurance_card);
    j.Key("period").BeginObject().Field("start", fmt::format("{}-01-01", year));
    j.Field("end", fmt::format("{}-12-31", year)).EndObject().EndObject();
  }
  j.EndArray();
  j.Key("active").Bool(true);
  j.Key("name").BeginArray().BeginObject().Field("use", "official");
  j.Field("text", fmt::format("{} {} {}", p.name.family, p.name.middle, p.name.given));
  j.Field("family", p.name.family).Key("given").BeginArray();
  j.String(p.name.middle).String(p.name.given).EndArray().EndObject().EndArray();
  if (!p.phone.empty()) {
    j.Key("telecom").BeginArray().BeginObject().Field("system", "phone");
    j.Field("value", p.phone).Field("use", "mobile").EndObject().EndArray();
  }
  j.Field("gender", p.sex == vn::Sex::kMale ? "male" : "female");
  j.Field("birthDate", FormatDate(p.birth_days));
  if (!deceased.empty()) j.Field("deceasedDateTime", deceased);
  j.Key("address").BeginArray().BeginObject().Field("use", "home").Field("type", "physical");
  j.Field("text", fmt::format("{}, {}, {}", commune.name, district.name, province.name));
  j.Key("line").BeginArray().String(commune.name).EndArray();
  j.Field("district", district.name).Field("state", province.name).Field("country", "VN");
  j.EndObject().EndArray();
  const Facility& station = network.commune_station(p.district, p.commune);
  j.Key("managingOrganization").BeginObject();
  j.Field("reference", "Organization/" + station.organization_id).EndObject();
  j.EndObject();
}

}  // namespace lienthong::synth
