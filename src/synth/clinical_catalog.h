// What the generator records: the ICD-10 diagnoses it draws (with their
// Vietnamese names from QĐ 4469/QĐ-BYT, the ages and sex they apply to and
// their relative frequency), the drugs prescribed for each, the procedures
// done for them (ICD-9-CM, Vietnamese names), the vital signs and lab tests
// (LOINC, UCUM), the causes of death, allergies, the expanded-programme
// vaccines (TCMR) and the COVID-19 vaccines used in 2021-2022.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace lienthong::synth {

enum class CareSetting : uint8_t { kOutpatient, kInpatient, kEmergency, kHome };

struct DrugSpec {
  std::string_view name;    // generic name and strength, "Paracetamol 500mg"
  std::string_view dosage;  // Vietnamese dosage text
  int quantity;             // units dispensed
  std::string_view unit;    // "viên", "gói", "lọ"
};

// Lab panels; each is reported as a DiagnosticReport over its Observations.
enum class Lab : uint8_t { kNone, kBloodCount, kGlucose, kLipids, kCreatinine, kDengue };

struct DiagnosisSpec {
  std::string_view code;     // dotted, "J18.9"
  std::string_view display;  // Vietnamese name (name_vi)
  int min_years;             // inclusive
  int max_years;             // inclusive
  bool female_only;
  bool chronic;           // followed up every few months, on the problem list
  bool in_dengue_season;  // more frequent June-November
  CareSetting setting;    // where it is usually seen
  double weight;          // relative frequency among acute episodes
  Lab lab;
  std::span<const DrugSpec> drugs;
};

// Acute episodes (respiratory infections, dengue, diarrhoea, injuries, ...).
std::span<const DiagnosisSpec> AcuteDiagnoses();
// Chronic conditions (hypertension, diabetes, ...), drawn once per person.
std::span<const DiagnosisSpec> ChronicDiagnoses();
// Pregnancy: antenatal visits and the delivery.
const DiagnosisSpec& PregnancyVisit();
const DiagnosisSpec& Delivery();
const DiagnosisSpec& CaesareanDelivery();

// ICD-9-CM procedure with its name in the Vietnamese list (icd9cm-vn-procedures.csv).
struct ProcedureSpec {
  std::string_view code;     // dotted, "47.01"
  std::string_view display;  // icd9cm_name_vi
  int minutes;               // how long it takes; surgery is given a period
};

// A procedure done, with probability `chance`, at a visit for `diagnosis`
// in `setting`; `alternative` (when it has a code) replaces it in a share
// `alternative_share` of cases (open instead of laparoscopic surgery).
struct ProcedureRule {
  std::string_view diagnosis;  // ICD-10 main diagnosis
  CareSetting setting;
  bool hospital_only;  // not at commune stations (no endoscope, X-ray)
  double chance;
  ProcedureSpec procedure;
  ProcedureSpec alternative;
  double alternative_share;
};
std::span<const ProcedureRule> ProcedureRules();
// Done when a death is fought in hospital.
const ProcedureSpec& Resuscitation();

// A cause of death (ICD-10, valid as main diagnosis for the ages and sex
// given), with its relative frequency by age at death: under 1, 1-14,
// 15-49, 50 and over. `spec.setting` is where such deaths are usually seen:
// kEmergency (sudden), kInpatient (after a stay) or kHome.
struct CauseOfDeath {
  DiagnosisSpec spec;
  std::array<double, 4> weight_by_age;
};
std::span<const CauseOfDeath> CausesOfDeath();

enum class AllergyCategory : uint8_t { kMedication, kFood };
struct AllergySpec {
  std::string_view snomed;   // "Allergy to ..." (disorder); empty: text only
  std::string_view display;  // SNOMED CT display
  std::string_view text;     // Vietnamese
  AllergyCategory category;
  double weight;        // relative frequency among recorded allergies
  bool penicillins;     // rules out amoxicillin prescriptions
  bool cephalosporins;  // rules out cephalosporin prescriptions
};
std::span<const AllergySpec> Allergies();

struct VaccineDose {
  std::string_view cvx;      // http://hl7.org/fhir/sid/cvx
  std::string_view display;  // Vietnamese
  int age_days;              // scheduled age
  int dose_number;
  std::string_view route;  // http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration
};

// The national expanded programme schedule for children (TCMR).
std::span<const VaccineDose> ExpandedProgrammeSchedule();

struct CovidVaccine {
  std::string_view cvx;
  std::string_view display;  // Vietnamese, with the brand and maker
  int min_interval_days;     // between the first two doses
  int max_interval_days;
  double weight;  // share of first doses in Vietnam's 2021 campaign
};
std::span<const CovidVaccine> CovidVaccines();
// The entry of CovidVaccines() with this CVX code; the first when unknown.
const CovidVaccine& CovidVaccineByCvx(std::string_view cvx);

}  // namespace lienthong::synth
