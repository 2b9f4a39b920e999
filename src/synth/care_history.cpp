#include "synth/care_history.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "synth/calendar.h"
#include "synth/clinical_catalog.h"
#include "synth/json_text.h"
#include "vn/identifier_systems.h"

namespace lienthong::synth {
namespace {

constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kUcum = "http://unitsofmeasure.org";
constexpr const char* kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

// Writes the resources of one person; holds the ids they share.
class RecordWriter {
 public:
  RecordWriter(Random& random, const Person& person, const FacilityNetwork& network,
               CareWindow window, ResourceSink& sink)
      : random_(random), person_(person), net_(network), window_(window), sink_(sink) {}

  void Run();

 private:
  struct Visit {
    std::string id;
    const Facility* facility = nullptr;
    const Practitioner* doctor = nullptr;
    int day = 0;
    int minute = 0;  // local time of arrival
    CareSetting setting = CareSetting::kOutpatient;
    int stay_days = 0;
    std::string condition_id;            // main diagnosis
    std::string secondary_condition_id;  // optional
    const Facility* referred_from = nullptr;
    bool referred_onwards = false;
    bool from_emergency = false;
  };

  // Uniform in [0, n), for n >= 1 (0 when n < 1).
  int Below(int n) { return n < 1 ? 0 : static_cast<int>(random_.Below(static_cast<uint64_t>(n))); }
  int AgeYears(int day) const { return CompletedYears(person_.birth_days, day); }
  bool Female() const { return person_.sex == vn::Sex::kFemale; }
  const Facility& PickFacility(FacilityLevel level) const;
  const Practitioner& PickStaff(const Facility& f, bool doctor);
  Visit NewVisit(const Facility& f, int day, CareSetting setting);

  void AcuteEpisode(int day);
  void ChronicCondition(const DiagnosisSpec& spec);
  void Pregnancy(int delivery_day);
  void Immunizations();

  // One visit with its diagnosis, observations and prescriptions.
  void RecordVisit(Visit& v, const DiagnosisSpec& spec, const std::string* existing_condition,
                   bool prescribe);
  void WriteEncounter(const Visit& v);
  void WriteCondition(const std::string& id, const DiagnosisSpec& spec, const Visit& v, bool main,
                      bool chronic);
  void WriteVitals(const Visit& v, const DiagnosisSpec& spec);
  void WriteLabs(const Visit& v, const DiagnosisSpec& spec);
  void WriteQuantityObservation(const Visit& v, std::string_view category, std::string_view loinc,
                                std::string_view display, std::string_view text, double value,
                                int decimals, std::string_view unit);
  void WriteBloodPressure(const Visit& v, int systolic, int diastolic);
  void WriteMedication(const Visit& v, const DrugSpec& drug, const std::string& reason);
  void Emit(std::string_view type, const std::string& id) { sink_.Add(type, id, json_); }

  double WeightKg(int day) const;
  double HeightCm(int day) const;

  Random& random_;
  const Person& person_;
  const FacilityNetwork& net_;
  CareWindow window_;
  ResourceSink& sink_;
  std::string json_;
  bool hypertensive_ = false;
  bool diabetic_ = false;
};

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
  json_.clear();
  WritePatient(person_, net_, window_.last_day, json_);
  Emit("Patient", person_.id);

  const int start = std::max(window_.first_day, person_.birth_days);
  if (start > window_.last_day) return;
  Immunizations();

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
      if (day <= window_.last_day && age >= 19 && age <= 44) Pregnancy(day);
    }
  }

  // Acute episodes: more for small children and the elderly.
  const int age_now = AgeYears(window_.last_day);
  const double rate = age_now < 5    ? 2.5
                      : age_now < 15 ? 1.2
                      : age_now < 45 ? 0.8
                      : age_now < 65 ? 1.2
                                     : 2.0;
  const double expected = rate * (window_.last_day - start + 1) / 365.0;
  const int episodes = static_cast<int>(expected + random_.Real());
  for (int i = 0; i < episodes; ++i) {
    AcuteEpisode(start + Below(window_.last_day - start + 1));
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
    RecordVisit(er, spec, nullptr, !admit);
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
    RecordVisit(first, spec, nullptr, false);
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
  while (AgeYears(day) < spec.min_years && day < window_.last_day) day += 365;
  if (day > window_.last_day) return;
  Visit first = NewVisit(PickFacility(FacilityLevel::kDistrict), day, CareSetting::kOutpatient);
  RecordVisit(first, spec, nullptr, true);
  const std::string condition = first.condition_id;
  for (day += 80 + Below(20); day <= window_.last_day; day += 80 + Below(20)) {
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
  Visit birth = NewVisit(
      PickFacility(random_.Chance(0.75) ? FacilityLevel::kDistrict : FacilityLevel::kProvince),
      delivery_day, CareSetting::kInpatient);
  birth.stay_days = 2 + Below(2);
  RecordVisit(birth, Delivery(), nullptr, true);
}

void RecordWriter::RecordVisit(Visit& v, const DiagnosisSpec& spec,
                               const std::string* existing_condition, bool prescribe) {
  const bool chronic = spec.chronic;
  if (existing_condition != nullptr) {
    v.condition_id = *existing_condition;
  } else {
    v.condition_id = random_.Uuid();
  }
  WriteEncounter(v);
  if (existing_condition == nullptr) WriteCondition(v.condition_id, spec, v, true, chronic);
  if (!v.secondary_condition_id.empty()) {
    static const DiagnosisSpec kSupervision{
        "Z34.8", "Theo dõi thai bình thường khác", 18, 45,         true, false,
        false,   CareSetting::kOutpatient,         0,  Lab::kNone, {}};
    WriteCondition(v.secondary_condition_id, kSupervision, v, false, false);
  }
  WriteVitals(v, spec);
  if (spec.lab != Lab::kNone && (!chronic || random_.Chance(0.4))) WriteLabs(v, spec);
  if (prescribe) {
    for (size_t i = 0; i < spec.drugs.size(); ++i) {
      if (i > 0 && random_.Chance(0.3)) continue;
      WriteMedication(v, spec.drugs[i], v.condition_id);
    }
  }
}

void RecordWriter::WriteEncounter(const Visit& v) {
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "Encounter").Field("id", v.id);
  j.Field("status", "finished");
  const char* cls = v.setting == CareSetting::kInpatient   ? "IMP"
                    : v.setting == CareSetting::kEmergency ? "EMER"
                                                           : "AMB";
  const char* cls_display = v.setting == CareSetting::kInpatient   ? "inpatient encounter"
                            : v.setting == CareSetting::kEmergency ? "emergency"
                                                                   : "ambulatory";
  j.Key("class").BeginObject().Field("system", kActCode).Field("code", cls);
  j.Field("display", cls_display).EndObject();
  j.Key("type").BeginArray().BeginObject().Field(
      "text", v.setting == CareSetting::kInpatient   ? "Điều trị nội trú"
              : v.setting == CareSetting::kEmergency ? "Cấp cứu"
                                                     : "Khám bệnh ngoại trú");
  j.EndObject().EndArray();
  j.Key("subject").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
  j.Key("participant").BeginArray().BeginObject().Key("individual").BeginObject();
  j.Field("reference", "Practitioner/" + v.doctor->id).EndObject().EndObject().EndArray();
  const int end_day = v.day + v.stay_days;
  const int end_minute =
      v.stay_days > 0 ? 9 * 60 + Below(180) : std::min(v.minute + 20 + Below(60), 23 * 60 + 59);
  j.Key("period").BeginObject().Field("start", FormatDateTime(v.day, v.minute));
  j.Field("end", FormatDateTime(end_day, end_minute)).EndObject();
  j.Key("diagnosis").BeginArray().BeginObject().Key("condition").BeginObject();
  j.Field("reference", "Condition/" + v.condition_id).EndObject().FieldInt("rank", 1).EndObject();
  if (!v.secondary_condition_id.empty()) {
    j.BeginObject().Key("condition").BeginObject();
    j.Field("reference", "Condition/" + v.secondary_condition_id).EndObject();
    j.FieldInt("rank", 2).EndObject();
  }
  j.EndArray();
  const bool hospitalization =
      v.referred_from != nullptr || v.referred_onwards || v.stay_days > 0 || v.from_emergency;
  if (hospitalization) {
    j.Key("hospitalization").BeginObject();
    if (v.referred_from != nullptr) {
      j.Key("origin").BeginObject();
      j.Field("reference", "Organization/" + v.referred_from->organization_id).EndObject();
    }
    if (v.referred_from != nullptr || v.from_emergency) {
      j.Key("admitSource").BeginObject().Key("coding").BeginArray().BeginObject();
      j.Field("system", "http://terminology.hl7.org/CodeSystem/admit-source");
      if (v.from_emergency) {
        j.Field("code", "emd").Field("display", "From accident/emergency department");
      } else {
        j.Field("code", "hosp-trans").Field("display", "Transferred from other hospital");
      }
      j.EndObject().EndArray().EndObject();
    }
    j.Key("dischargeDisposition").BeginObject().Key("coding").BeginArray().BeginObject();
    j.Field("system", "http://terminology.hl7.org/CodeSystem/discharge-disposition");
    if (v.referred_onwards) {
      j.Field("code", "other-hcf").Field("display", "Other healthcare facility");
    } else {
      j.Field("code", "home").Field("display", "Home");
    }
    j.EndObject().EndArray();
    j.Field("text", v.referred_onwards ? "Chuyển tuyến" : "Ra viện").EndObject();
    j.EndObject();
  }
  j.Key("location").BeginArray().BeginObject().Key("location").BeginObject();
  j.Field("reference", "Location/" + v.facility->location_id).EndObject().EndObject().EndArray();
  j.Key("serviceProvider").BeginObject();
  j.Field("reference", "Organization/" + v.facility->organization_id).EndObject();
  j.EndObject();
  Emit("Encounter", v.id);
}

void RecordWriter::WriteCondition(const std::string& id, const DiagnosisSpec& spec, const Visit& v,
                                  bool main, bool chronic) {
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "Condition").Field("id", id);
  const bool active = chronic || (v.day + 30 > window_.last_day);
  j.Key("clinicalStatus").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/condition-clinical");
  j.Field("code", active ? "active" : "resolved").EndObject().EndArray().EndObject();
  j.Key("verificationStatus").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/condition-ver-status");
  j.Field("code", "confirmed").EndObject().EndArray().EndObject();
  j.Key("category").BeginArray().BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/condition-category");
  j.Field("code", chronic ? "problem-list-item" : "encounter-diagnosis");
  j.EndObject().EndArray().EndObject().EndArray();
  j.Key("code").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", vn::kIcd10System).Field("code", spec.code).Field("display", spec.display);
  j.EndObject().EndArray().Field("text", spec.display).EndObject();
  j.Key("subject").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
  j.Key("encounter").BeginObject().Field("reference", "Encounter/" + v.id).EndObject();
  j.Field("onsetDateTime", FormatDate(v.day - (chronic ? 0 : Below(3))));
  if (!active) j.Field("abatementDateTime", FormatDate(v.day + 7 + v.stay_days));
  j.Field("recordedDate", FormatDateTime(v.day, v.minute + 10 > 1439 ? 1439 : v.minute + 10));
  j.Key("recorder").BeginObject().Field("reference", "Practitioner/" + v.doctor->id).EndObject();
  if (!main) {
    j.Key("note").BeginArray().BeginObject().Field("text", "Chẩn đoán kèm theo").EndObject();
    j.EndArray();
  }
  j.EndObject();
  Emit("Condition", id);
}

double RecordWriter::WeightKg(int day) const {
  const double age = (day - person_.birth_days) / 365.25;
  double w;
  if (age < 1) {
    w = 3.2 + age * 6.3;
  } else if (age < 10) {
    w = 9.5 + (age - 1) * 2.4;
  } else if (age < 18) {
    w = 31 + (age - 10) * (Female() ? 2.6 : 3.6);
  } else {
    w = Female() ? 52 : 62;
  }
  return w * person_.size_factor;
}

double RecordWriter::HeightCm(int day) const {
  const double age = (day - person_.birth_days) / 365.25;
  if (age < 1) return 50 + age * 25;
  if (age < 12) return 75 + (age - 1) * 6.2;
  const double adult = Female() ? 154 : 165;
  if (age < 18) return std::min(adult, 143 + (age - 12) * 4.5);
  return adult + (person_.size_factor - 1) * 20;
}

void RecordWriter::WriteVitals(const Visit& v, const DiagnosisSpec& spec) {
  const bool fever = spec.code.starts_with("J") || spec.code.starts_with("A") ||
                     spec.code == "B01.9" || spec.code == "N39.0";
  const double temp = fever ? 37.8 + random_.Real() * 1.7 : 36.4 + random_.Real() * 0.8;
  WriteQuantityObservation(v, "vital-signs", "8310-5", "Body temperature", "Nhiệt độ", temp, 1,
                           "Cel");
  const int age = AgeYears(v.day);
  const int pulse = (age < 1    ? 120
                     : age < 6  ? 105
                     : age < 12 ? 90
                                : 76) +
                    Below(16) + (fever ? 10 : 0);
  WriteQuantityObservation(v, "vital-signs", "8867-4", "Heart rate", "Mạch", pulse, 0, "/min");
  WriteQuantityObservation(v, "vital-signs", "29463-7", "Body weight", "Cân nặng", WeightKg(v.day),
                           1, "kg");
  if (age < 15) {
    WriteQuantityObservation(v, "vital-signs", "8302-2", "Body height", "Chiều cao",
                             HeightCm(v.day), 0, "cm");
  } else {
    const int systolic = (hypertensive_ ? 135 : 105) + Below(25) + std::max(0, age - 40) / 4;
    const int diastolic = (hypertensive_ ? 82 : 65) + Below(15);
    WriteBloodPressure(v, systolic, diastolic);
  }
}

void RecordWriter::WriteLabs(const Visit& v, const DiagnosisSpec& spec) {
  const std::string_view lab = "laboratory";
  switch (spec.lab) {
    case Lab::kBloodCount: {
      const bool dengue = spec.code == "A90";
      const bool infection = spec.code.starts_with("J") || spec.code == "K35.9";
      WriteQuantityObservation(v, lab, "6690-2", "Leukocytes [#/volume] in Blood",
                               "Số lượng bạch cầu",
                               dengue      ? 2.5 + random_.Real() * 2
                               : infection ? 11 + random_.Real() * 7
                                           : 5 + random_.Real() * 4,
                               1, "10*9/L");
      WriteQuantityObservation(v, lab, "718-7", "Hemoglobin [Mass/volume] in Blood", "Huyết sắc tố",
                               (Female() ? 118 : 132) + random_.Real() * 25, 0, "g/L");
      WriteQuantityObservation(
          v, lab, "777-3", "Platelets [#/volume] in Blood", "Số lượng tiểu cầu",
          dengue ? 40 + random_.Real() * 90 : 170 + random_.Real() * 200, 0, "10*9/L");
      break;
    }
    case Lab::kGlucose:
      WriteQuantityObservation(v, lab, "15074-8", "Glucose [Moles/volume] in Blood", "Glucose máu",
                               (diabetic_ ? 7.2 : 4.6) + random_.Real() * 3.5, 1, "mmol/L");
      WriteQuantityObservation(v, lab, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood",
                               "HbA1c", (diabetic_ ? 6.8 : 5.0) + random_.Real() * 1.8, 1, "%");
      break;
    case Lab::kLipids:
      WriteQuantityObservation(v, lab, "14647-2", "Cholesterol [Moles/volume] in Serum or Plasma",
                               "Cholesterol toàn phần", 4.2 + random_.Real() * 2.6, 1, "mmol/L");
      break;
    case Lab::kCreatinine:
      WriteQuantityObservation(v, lab, "14682-9", "Creatinine [Moles/volume] in Serum or Plasma",
                               "Creatinin", (Female() ? 55 : 70) + random_.Real() * 40, 0,
                               "umol/L");
      break;
    case Lab::kNone:
      break;
  }
}

void RecordWriter::WriteQuantityObservation(const Visit& v, std::string_view category,
                                            std::string_view loinc, std::string_view display,
                                            std::string_view text, double value, int decimals,
                                            std::string_view unit) {
  const std::string id = random_.Uuid();
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "Observation").Field("id", id).Field("status", "final");
  j.Key("category").BeginArray().BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/observation-category");
  j.Field("code", category).EndObject().EndArray().EndObject().EndArray();
  j.Key("code").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", kLoinc).Field("code", loinc).Field("display", display).EndObject().EndArray();
  j.Field("text", text).EndObject();
  j.Key("subject").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
  j.Key("encounter").BeginObject().Field("reference", "Encounter/" + v.id).EndObject();
  j.Field("effectiveDateTime", FormatDateTime(v.day, v.minute + 5 > 1439 ? 1439 : v.minute + 5));
  j.Key("performer").BeginArray().BeginObject();
  j.Field("reference", "Practitioner/" + v.doctor->id).EndObject().EndArray();
  j.Key("valueQuantity").BeginObject().Key("value").Number(fmt::format("{:.{}f}", value, decimals));
  j.Field("unit", unit).Field("system", kUcum).Field("code", unit).EndObject();
  j.EndObject();
  Emit("Observation", id);
}

void RecordWriter::WriteBloodPressure(const Visit& v, int systolic, int diastolic) {
  const std::string id = random_.Uuid();
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "Observation").Field("id", id).Field("status", "final");
  j.Key("category").BeginArray().BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/observation-category");
  j.Field("code", "vital-signs").EndObject().EndArray().EndObject().EndArray();
  j.Key("code").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", kLoinc).Field("code", "85354-9");
  j.Field("display", "Blood pressure panel with all children optional").EndObject().EndArray();
  j.Field("text", "Huyết áp").EndObject();
  j.Key("subject").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
  j.Key("encounter").BeginObject().Field("reference", "Encounter/" + v.id).EndObject();
  j.Field("effectiveDateTime", FormatDateTime(v.day, v.minute + 5 > 1439 ? 1439 : v.minute + 5));
  j.Key("performer").BeginArray().BeginObject();
  j.Field("reference", "Practitioner/" + v.doctor->id).EndObject().EndArray();
  j.Key("component").BeginArray();
  for (int k = 0; k < 2; ++k) {
    j.BeginObject().Key("code").BeginObject().Key("coding").BeginArray().BeginObject();
    j.Field("system", kLoinc).Field("code", k == 0 ? "8480-6" : "8462-4");
    j.Field("display", k == 0 ? "Systolic blood pressure" : "Diastolic blood pressure");
    j.EndObject().EndArray().EndObject();
    j.Key("valueQuantity").BeginObject().Key("value").Int(k == 0 ? systolic : diastolic);
    j.Field("unit", "mm[Hg]").Field("system", kUcum).Field("code", "mm[Hg]").EndObject();
    j.EndObject();
  }
  j.EndArray().EndObject();
  Emit("Observation", id);
}

void RecordWriter::WriteMedication(const Visit& v, const DrugSpec& drug,
                                   const std::string& reason) {
  const std::string id = random_.Uuid();
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "MedicationRequest").Field("id", id);
  j.Field("status", v.day + 30 > window_.last_day ? "active" : "completed");
  j.Field("intent", "order");
  j.Key("medicationCodeableConcept").BeginObject().Field("text", drug.name).EndObject();
  j.Key("subject").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
  j.Key("encounter").BeginObject().Field("reference", "Encounter/" + v.id).EndObject();
  j.Field("authoredOn", FormatDateTime(v.day, v.minute + 15 > 1439 ? 1439 : v.minute + 15));
  j.Key("requester").BeginObject().Field("reference", "Practitioner/" + v.doctor->id).EndObject();
  j.Key("reasonReference").BeginArray().BeginObject();
  j.Field("reference", "Condition/" + reason).EndObject().EndArray();
  j.Key("dosageInstruction").BeginArray().BeginObject().Field("text", drug.dosage).EndObject();
  j.EndArray();
  j.Key("dispenseRequest").BeginObject().Key("quantity").BeginObject();
  j.Key("value").Int(drug.quantity).Field("unit", drug.unit).EndObject().EndObject();
  j.EndObject();
  Emit("MedicationRequest", id);
}

void RecordWriter::Immunizations() {
  // Children born within the window (or shortly before) follow the schedule;
  // about 95% of doses are given, a few days to two weeks late.
  for (const VaccineDose& dose : ExpandedProgrammeSchedule()) {
    if (!random_.Chance(0.95)) continue;
    const int day = person_.birth_days + dose.age_days + (dose.age_days == 0 ? 0 : Below(15));
    if (day < window_.first_day || day > window_.last_day) continue;
    const Facility& f = dose.age_days == 0 ? PickFacility(FacilityLevel::kDistrict)
                                           : PickFacility(FacilityLevel::kCommune);
    const Practitioner& nurse = PickStaff(f, false);
    const std::string id = random_.Uuid();
    json_.clear();
    JsonText j(json_);
    j.BeginObject().Field("resourceType", "Immunization").Field("id", id);
    j.Field("status", "completed");
    j.Key("vaccineCode").BeginObject().Key("coding").BeginArray().BeginObject();
    j.Field("system", "http://hl7.org/fhir/sid/cvx").Field("code", dose.cvx).EndObject();
    j.EndArray().Field("text", dose.display).EndObject();
    j.Key("patient").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
    j.Field("occurrenceDateTime", FormatDateTime(day, 8 * 60 + Below(480)));
    j.Key("primarySource").Bool(true);
    j.Key("location").BeginObject().Field("reference", "Location/" + f.location_id).EndObject();
    j.Field("lotNumber", fmt::format("{:06d}", random_.Below(1000000)));
    j.Key("route").BeginObject().Key("coding").BeginArray().BeginObject();
    j.Field("system", "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration");
    j.Field("code", dose.route).EndObject().EndArray().EndObject();
    j.Key("performer").BeginArray().BeginObject().Key("actor").BeginObject();
    j.Field("reference", "Practitioner/" + nurse.id).EndObject().EndObject().EndArray();
    j.Key("protocolApplied").BeginArray().BeginObject().Field("series", "Tiêm chủng mở rộng");
    j.FieldInt("doseNumberPositiveInt", dose.dose_number).EndObject().EndArray();
    j.EndObject();
    Emit("Immunization", id);
  }
}

}  // namespace

void WriteCareHistory(Random& random, const Person& person, const FacilityNetwork& network,
                      CareWindow window, ResourceSink& sink) {
  RecordWriter(random, person, network, window, sink).Run();
}

}  // namespace lienthong::synth
