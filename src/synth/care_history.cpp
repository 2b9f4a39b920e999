#include "synth/care_history.h"

#include <algorithm>
#include <vector>

#include "synth/calendar.h"
#include "synth/clinical_catalog.h"
#include "synth/record_writer.h"

namespace lienthong::synth {
namespace {

// Probability of dying within a year at `age` (Vietnam's life tables around
// 2019-2023, rounded; about 6 deaths per 1,000 people a year overall).
double AnnualMortality(int age) {
  if (age < 1) return 0.012;
  if (age < 5) return 0.0008;
  if (age < 15) return 0.0004;
  if (age < 25) return 0.0009;
  if (age < 35) return 0.0013;
  if (age < 45) return 0.002;
  if (age < 55) return 0.0045;
  if (age < 65) return 0.010;
  if (age < 75) return 0.022;
  if (age < 85) return 0.055;
  return 0.14;
}

}  // namespace

const Facility& RecordWriter::PickFacility(FacilityLevel level) const {
  switch (level) {
    case FacilityLevel::kProvince:
      return net_.provincial_hospital();
    case FacilityLevel::kDistrict:
      return net_.district_hospital(person_.district);
    case FacilityLevel::kCommune:
      return net_.commune_station(person_.district, person_.commune);
  }
  return net_.provincial_hospital();
}

const Practitioner& RecordWriter::PickStaff(const Facility& f, bool doctor) {
  // Staff lists hold the doctors first, then the nurses.
  size_t doctors = 0;
  for (size_t i : f.staff) doctors += net_.practitioners()[i].doctor ? 1 : 0;
  const size_t nurses = f.staff.size() - doctors;
  if (doctor || nurses == 0) return net_.practitioners()[f.staff[random_.Below(doctors)]];
  return net_.practitioners()[f.staff[doctors + random_.Below(nurses)]];
}

RecordWriter::Visit RecordWriter::NewVisit(const Facility& f, int day, CareSetting setting) {
  Visit v;
  v.id = random_.Uuid();
  v.facility = &f;
  v.doctor = &PickStaff(f, true);
  v.day = day;
  v.setting = setting;
  v.minute = setting == CareSetting::kEmergency ? Below(24 * 60) : 7 * 60 + Below(600);
  return v;
}

void RecordWriter::Run() {
  care_last_ = window_.last_day;
  const int start = std::max(window_.first_day, person_.birth_days);
  if (start <= window_.last_day) DrawDeath();

  json_.clear();
  WritePatient(person_, net_, window_.last_day,
               Deceased() ? FormatDateTime(death_day_, death_minute_) : std::string(), json_);
  Emit("Patient", person_.id);
  if (start > care_last_) {
    if (Deceased()) LastIllness();
    return;
  }
  DrawAllergy();
  Immunizations();
  CovidVaccinations();

  for (const DiagnosisSpec& spec : ChronicDiagnoses()) {
    const int age = AgeYears(window_.last_day);
    if (age < spec.min_years + 5) continue;
    double p = 0;
    if (spec.code == "I10") p = std::min(0.5, 0.15 + 0.01 * (age - 40));
    if (spec.code == "E11.9") p = age >= 60 ? 0.12 : 0.06;
    if (spec.code == "E78.5") p = age >= 50 ? 0.15 : 0.08;
    if (spec.code == "M17.9") p = age >= 60 ? 0.2 : 0.08;
    if (random_.Chance(p)) ChronicCondition(spec);
  }

  if (Female()) {
    // At most one birth in the window, for women of 18-45 at the time.
    const int years = (window_.last_day - start) / 365 + 1;
    if (random_.Chance(std::min(0.6, 0.07 * years))) {
      const int day = start + 240 + Below(std::max(1, window_.last_day - start - 240));
      const int age = AgeYears(day);
      if (day <= care_last_ && age >= 19 && age <= 44) Pregnancy(day);
    }
  }

  // Acute episodes: more for small children and the elderly.
  const int age_now = AgeYears(window_.last_day);
  const double rate = age_now < 5    ? 2.5
                      : age_now < 15 ? 1.2
                      : age_now < 45 ? 0.8
                      : age_now < 65 ? 1.2
                                     : 2.0;
  const double expected = rate * (care_last_ - start + 1) / 365.0;
  const int episodes = static_cast<int>(expected + random_.Real());
  for (int i = 0; i < episodes; ++i) {
    AcuteEpisode(start + Below(care_last_ - start + 1));
  }
  if (Deceased()) LastIllness();
}

void RecordWriter::DrawDeath() {
  // Year by year through the window, at the age reached that year; infants
  // who die mostly do so in their first four weeks.
  const int start = std::max(window_.first_day, person_.birth_days);
  for (int from = start; from <= window_.last_day; from += 365) {
    const int to = std::min(from + 364, window_.last_day);
    const int age = AgeYears(from);
    if (!random_.Chance(AnnualMortality(age) * (to - from + 1) / 365.0)) continue;
    int day = from + Below(to - from + 1);
    if (age == 0 && random_.Chance(0.6)) {
      day = std::clamp(person_.birth_days + Below(28), from, to);
    }
    death_day_ = day;
    break;
  }
  if (!Deceased()) return;

  const int age_days = death_day_ - person_.birth_days;
  const int age = AgeYears(death_day_);
  const size_t band = age_days < 365 ? 0 : age < 15 ? 1 : age < 50 ? 2 : 3;
  std::span<const CauseOfDeath> causes = CausesOfDeath();
  std::vector<double> weights(causes.size());
  for (size_t i = 0; i < causes.size(); ++i) {
    const DiagnosisSpec& s = causes[i].spec;
    if (age < s.min_years || age > s.max_years || (s.female_only && !Female())) continue;
    // Conditions of the newborn (P codes) kill in the first four weeks.
    if (s.code.starts_with("P") && age_days >= 28) continue;
    weights[i] = causes[i].weight_by_age[band];
  }
  cause_ = &causes[random_.Weighted(weights)];

  // Sudden deaths end an emergency visit; long illnesses a stay in hospital
  // or, as often in Vietnam, at home with the commune station's doctor.
  CareSetting setting = cause_->spec.setting;
  if (setting == CareSetting::kInpatient && age_days >= 28 && random_.Chance(0.3)) {
    setting = CareSetting::kHome;
  } else if (setting == CareSetting::kHome && random_.Chance(0.25)) {
    setting = CareSetting::kInpatient;
  }
  last_illness_setting_ = setting;
  int stay = 0;
  if (setting == CareSetting::kInpatient) stay = std::min(1 + Below(10), death_day_ - start);
  last_illness_day_ = death_day_ - stay;
  death_minute_ = setting == CareSetting::kEmergency ? 60 + Below(23 * 60 - 1) : Below(24 * 60);
  if (stay == 0) death_minute_ = std::max(death_minute_, 9 * 60 + Below(14 * 60));
  care_last_ = last_illness_day_ - 1;
}

void RecordWriter::LastIllness() {
  const DiagnosisSpec& cause = cause_->spec;
  const CareSetting setting = last_illness_setting_;
  const Facility& f =
      setting == CareSetting::kHome
          ? PickFacility(FacilityLevel::kCommune)
          : PickFacility(random_.Chance(0.6) ? FacilityLevel::kDistrict : FacilityLevel::kProvince);
  Visit v = NewVisit(f, last_illness_day_, setting);
  v.stay_days = death_day_ - last_illness_day_;
  v.died = true;
  v.end_minute = death_minute_;
  v.from_emergency = setting == CareSetting::kInpatient && random_.Chance(0.5);
  if (v.stay_days == 0) v.minute = std::max(0, death_minute_ - 30 - Below(180));
  RecordVisit(v, cause, nullptr, setting == CareSetting::kInpatient);
  if (setting != CareSetting::kHome && random_.Chance(0.5)) {
    WriteProcedure(v, Resuscitation(), death_day_, death_minute_ - Resuscitation().minutes);
  }
  WriteCauseOfDeath(v, cause);
}

void RecordWriter::DrawAllergy() {
  // About 4% of people have a drug allergy on record, 3% a food allergy.
  if (!random_.Chance(0.07)) return;
  const int start = std::max(window_.first_day, person_.birth_days);
  std::span<const AllergySpec> allergies = Allergies();
  std::vector<double> weights(allergies.size());
  const int age = AgeYears(window_.last_day);
  for (size_t i = 0; i < allergies.size(); ++i) weights[i] = allergies[i].weight;
  for (int n = random_.Chance(0.1) ? 2 : 1; n > 0; --n) {
    const size_t pick = random_.Weighted(weights);
    weights[pick] = 0;
    const AllergySpec& a = allergies[pick];
    // Children's food allergies are mostly to egg and milk.
    if (age < 3 && a.category == AllergyCategory::kFood && a.weight > 5) continue;
    avoid_penicillins_ = avoid_penicillins_ || a.penicillins;
    avoid_cephalosporins_ = avoid_cephalosporins_ || a.cephalosporins;
    WriteAllergy(a, start + Below(care_last_ - start + 1));
  }
}

void RecordWriter::AcuteEpisode(int day) {
  const int age = AgeYears(day);
  const int month = CivilFromDays(day).month;
  const bool dengue_season = month >= 6 && month <= 11;
  std::span<const DiagnosisSpec> specs = AcuteDiagnoses();
  std::vector<double> weights(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    const DiagnosisSpec& s = specs[i];
    if (age < s.min_years || age > s.max_years || (s.female_only && !Female())) continue;
    weights[i] = s.weight * (s.in_dengue_season ? (dengue_season ? 3.0 : 0.3) : 1.0);
  }
  const DiagnosisSpec& spec = specs[random_.Weighted(weights)];

  if (spec.setting == CareSetting::kEmergency) {
    const bool provincial = random_.Chance(0.4);
    Visit er =
        NewVisit(PickFacility(provincial ? FacilityLevel::kProvince : FacilityLevel::kDistrict),
                 day, CareSetting::kEmergency);
    const bool admit = spec.code == "K35.9" || (spec.code == "I20.9" && random_.Chance(0.5));
    if (!RecordVisit(er, spec, nullptr, !admit)) return;
    if (admit) {
      Visit stay = NewVisit(*er.facility, day, CareSetting::kInpatient);
      stay.minute = std::min(er.minute + 90, 23 * 60 + 59);
      stay.stay_days = 3 + Below(5);
      stay.from_emergency = true;
      RecordVisit(stay, spec, &er.condition_id, true);
    }
    return;
  }

  // Outpatient first contact: usually the commune station.
  const double r = random_.Real();
  const FacilityLevel first_level = r < 0.6   ? FacilityLevel::kCommune
                                    : r < 0.9 ? FacilityLevel::kDistrict
                                              : FacilityLevel::kProvince;
  const bool severe =
      spec.setting == CareSetting::kInpatient || (spec.code == "A90" && random_.Chance(0.15));
  Visit first = NewVisit(PickFacility(first_level), day, CareSetting::kOutpatient);
  if (!severe) {
    RecordVisit(first, spec, nullptr, true);
    return;
  }
  // Severe: admitted at a hospital, referred there when first seen lower down.
  const Facility& hospital =
      first_level == FacilityLevel::kCommune
          ? PickFacility(random_.Chance(0.7) ? FacilityLevel::kDistrict : FacilityLevel::kProvince)
          : *first.facility;
  if (&hospital != first.facility) {
    first.referred_onwards = true;
    if (!RecordVisit(first, spec, nullptr, false)) return;
    Visit stay = NewVisit(hospital, day, CareSetting::kInpatient);
    stay.minute = std::min(first.minute + 120, 23 * 60 + 59);
    stay.referred_from = first.facility;
    stay.stay_days = 3 + Below(6);
    RecordVisit(stay, spec, &first.condition_id, true);
  } else {
    Visit stay = NewVisit(hospital, day, CareSetting::kInpatient);
    stay.stay_days = 3 + Below(6);
    RecordVisit(stay, spec, nullptr, true);
  }
}

void RecordWriter::ChronicCondition(const DiagnosisSpec& spec) {
  if (spec.code == "I10") hypertensive_ = true;
  if (spec.code == "E11.9") diabetic_ = true;
  // Diagnosed at the district centre, then followed up every about 3 months
  // at the commune station (or the district centre).
  int day = std::max(window_.first_day, person_.birth_days) +
            Below(std::max(1, (window_.last_day - window_.first_day) / 2));
  while (AgeYears(day) < spec.min_years && day < care_last_) day += 365;
  if (day > care_last_) return;
  Visit first = NewVisit(PickFacility(FacilityLevel::kDistrict), day, CareSetting::kOutpatient);
  if (!RecordVisit(first, spec, nullptr, true)) return;
  const std::string condition = first.condition_id;
  for (day += 80 + Below(20); day <= care_last_; day += 80 + Below(20)) {
    Visit v = NewVisit(
        PickFacility(random_.Chance(0.7) ? FacilityLevel::kCommune : FacilityLevel::kDistrict), day,
        CareSetting::kOutpatient);
    RecordVisit(v, spec, &condition, true);
  }
}

void RecordWriter::Pregnancy(int delivery_day) {
  const DiagnosisSpec& antenatal = PregnancyVisit();
  bool first = true;
  for (int before : {200, 130, 60, 20}) {
    const int day = delivery_day - before;
    if (day < window_.first_day || day < person_.birth_days) continue;
    Visit v = NewVisit(
        PickFacility(random_.Chance(0.6) ? FacilityLevel::kCommune : FacilityLevel::kDistrict), day,
        CareSetting::kOutpatient);
    if (first) v.secondary_condition_id = random_.Uuid();
    RecordVisit(v, antenatal, nullptr, first);
    first = false;
  }
  // About three births in ten are by caesarean section, more in hospitals
  // of the province.
  const bool provincial = random_.Chance(0.25);
  const bool caesarean = random_.Chance(provincial ? 0.4 : 0.27);
  Visit birth =
      NewVisit(PickFacility(provincial ? FacilityLevel::kProvince : FacilityLevel::kDistrict),
               delivery_day, CareSetting::kInpatient);
  birth.stay_days = caesarean ? 4 + Below(3) : 2 + Below(2);
  if (delivery_day + birth.stay_days > care_last_) birth.stay_days = care_last_ - delivery_day;
  RecordVisit(birth, caesarean ? CaesareanDelivery() : Delivery(), nullptr, true);
}

void WriteCareHistory(Random& random, const Person& person, const FacilityNetwork& network,
                      CareWindow window, ResourceSink& sink) {
  RecordWriter(random, person, network, window, sink).Run();
}

}  // namespace lienthong::synth
