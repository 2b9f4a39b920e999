// Vaccinations: the expanded programme for children (TCMR) and the COVID-19
// campaign of 2021-2022.
#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string>

#include "synth/record_writer.h"

namespace lienthong::synth {
namespace {

constexpr std::string_view kCovidSeries = "COVID-19";

}  // namespace

void RecordWriter::Immunizations() {
  // Children born within the window (or shortly before) follow the schedule;
  // about 95% of doses are given, a few days to two weeks late.
  for (const VaccineDose& dose : ExpandedProgrammeSchedule()) {
    if (!random_.Chance(0.95)) continue;
    const int day = person_.birth_days + dose.age_days + (dose.age_days == 0 ? 0 : Below(15));
    if (day < window_.first_day || day > care_last_) continue;
    const Facility& f = dose.age_days == 0 ? PickFacility(FacilityLevel::kDistrict)
                                           : PickFacility(FacilityLevel::kCommune);
    WriteImmunization(f, day, dose.cvx, dose.display, dose.route, "Tiêm chủng mở rộng",
                      dose.dose_number);
  }
}

void RecordWriter::CovidVaccinations() {
  // Vietnam's campaign: a few priority groups from March 2021, adults en
  // masse from July to November 2021, adolescents of 12-17 (Pfizer) from
  // November 2021, boosters from the turn of the year. Doses outside the
  // window, or on and after the last illness, are not written.
  static const int kCampaignStart = DaysFromCivil({2021, 3, 8});
  static const int kMassStart = DaysFromCivil({2021, 7, 1});
  static const int kAdolescentStart = DaysFromCivil({2021, 11, 1});
  static const int kBoosterStart = DaysFromCivil({2022, 1, 1});
  static const int kCampaignEnd = DaysFromCivil({2022, 12, 31});
  if (window_.first_day > kCampaignEnd || care_last_ < kCampaignStart) return;

  int first = 0;
  bool adolescent = false;
  if (AgeYears(DaysFromCivil({2021, 11, 30})) >= 18) {
    if (!random_.Chance(0.93)) return;
    first = random_.Chance(0.06) ? kCampaignStart + Below(110) : kMassStart + Below(150);
    first = std::max(first, person_.birth_days + 18 * 365 + 5);
  } else {
    const int twelve = person_.birth_days + 12 * 365 + 3;
    if (twelve > DaysFromCivil({2022, 6, 30}) || !random_.Chance(0.9)) return;
    adolescent = true;
    first = std::max(kAdolescentStart + Below(60), twelve + Below(30));
  }
  while (AgeYears(first) < 12) ++first;

  // Adolescents had Pfizer; adults what arrived, by its share of first doses.
  const CovidVaccine* primary = &CovidVaccineByCvx("208");
  if (!adolescent) {
    std::span<const CovidVaccine> vaccines = CovidVaccines();
    double total = 0;
    for (const CovidVaccine& v : vaccines) total += v.weight;
    double x = random_.Real() * total;
    for (const CovidVaccine& v : vaccines) {
      primary = &v;
      if (x < v.weight) break;
      x -= v.weight;
    }
  }
  int day = first;
  int dose = 1;
  auto give = [&](const CovidVaccine& v) {
    if (day > kCampaignEnd) return false;
    if (day >= window_.first_day && day <= care_last_) {
      const Facility& f =
          PickFacility(random_.Chance(0.7) ? FacilityLevel::kCommune : FacilityLevel::kDistrict);
      WriteImmunization(f, day, v.cvx, v.display, "IM", kCovidSeries, dose);
    }
    ++dose;
    return true;
  };
  if (!give(*primary)) return;
  if (random_.Chance(0.03)) return;  // stopped after one dose
  day += primary->min_interval_days +
         Below(primary->max_interval_days - primary->min_interval_days + 1);
  if (!give(*primary)) return;
  // A third dose, mostly mRNA, three to seven months later.
  if (!random_.Chance(adolescent ? 0.3 : 0.72)) return;
  day = std::max(day + 90 + Below(120), kBoosterStart + Below(90));
  const double r = random_.Real();
  const CovidVaccine& booster = adolescent || r < 0.5 ? CovidVaccineByCvx("208")
                                : r < 0.8             ? CovidVaccineByCvx("207")
                                                      : CovidVaccineByCvx("210");
  give(booster);
}

void RecordWriter::WriteImmunization(const Facility& f, int day, std::string_view cvx,
                                     std::string_view display, std::string_view route,
                                     std::string_view series, int dose_number) {
  const Practitioner& nurse = PickStaff(f, false);
  const std::string id = random_.Uuid();
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "Immunization").Field("id", id);
  j.Field("status", "completed");
  j.Key("vaccineCode").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://hl7.org/fhir/sid/cvx").Field("code", cvx).EndObject();
  j.EndArray().Field("text", display).EndObject();
  j.Key("patient").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
  j.Field("occurrenceDateTime", FormatDateTime(day, 8 * 60 + Below(480)));
  j.Key("primarySource").Bool(true);
  j.Key("location").BeginObject().Field("reference", "Location/" + f.location_id).EndObject();
  j.Field("lotNumber", fmt::format("{:06d}", random_.Below(1000000)));
  j.Key("route").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration");
  j.Field("code", route).EndObject().EndArray().EndObject();
  j.Key("performer").BeginArray().BeginObject().Key("actor").BeginObject();
  j.Field("reference", "Practitioner/" + nurse.id).EndObject().EndObject().EndArray();
  j.Key("protocolApplied").BeginArray().BeginObject().Field("series", series);
  if (series == kCovidSeries) {
    j.Key("targetDisease").BeginArray().BeginObject().Key("coding").BeginArray().BeginObject();
    j.Field("system", "http://snomed.info/sct").Field("code", "840539006");
    j.Field("display", "Disease caused by severe acute respiratory syndrome coronavirus 2");
    j.EndObject().EndArray().Field("text", "COVID-19").EndObject().EndArray();
  }
  j.FieldInt("doseNumberPositiveInt", dose_number).EndObject().EndArray();
  j.EndObject();
  Emit("Immunization", id);
}

}  // namespace lienthong::synth
