// What the generator records: the ICD-10 diagnoses it draws (with their
// Vietnamese names from QĐ 4469/QĐ-BYT, the ages and sex they apply to and
// their relative frequency), the drugs prescribed for each, the vital signs
// and lab tests (LOINC, UCUM) and the expanded-programme vaccines (TCMR).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace lienthong::synth {

enum class CareSetting : uint8_t { kOutpatient, kInpatient, kEmergency };

struct DrugSpec {
  std::string_view name;    // generic name and strength, "Paracetamol 500mg"
  std::string_view dosage;  // Vietnamese dosage text
  int quantity;             // units dispensed
  std::string_view unit;    // "viên", "gói", "lọ"
};

enum class Lab : uint8_t { kNone, kBloodCount, kGlucose, kLipids, kCreatinine };

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

struct VaccineDose {
  std::string_view cvx;      // http://hl7.org/fhir/sid/cvx
  std::string_view display;  // Vietnamese
  int age_days;              // scheduled age
  int dose_number;
  std::string_view route;  // http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration
};

// The national expanded programme schedule for children (TCMR).
std::span<const VaccineDose> ExpandedProgrammeSchedule();

}  // namespace lienthong::synth
