#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "synth/record_writer.h"
#include "vn/identifier_systems.h"

namespace lienthong::synth {
namespace {

constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kUcum = "http://unitsofmeasure.org";
constexpr const char* kSnomed = "http://snomed.info/sct";
constexpr const char* kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
// ICD-9-CM, as the Vietnamese procedure list codes it (dotted, "47.01").
constexpr const char* kIcd9CmSystem = "http://hl7.org/fhir/sid/icd-9-cm";

}  // namespace

bool RecordWriter::RecordVisit(Visit& v, const DiagnosisSpec& spec,
                               const std::string* existing_condition, bool prescribe) {
  if (!v.died && v.day + v.stay_days > care_last_) return false;
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
  WriteProcedures(v, spec);
  if (prescribe) {
    for (size_t i = 0; i < spec.drugs.size(); ++i) {
      if (i > 0 && random_.Chance(0.3)) continue;
      const DrugSpec& drug = spec.drugs[i];
      // A recorded allergy rules the drug out; a macrolide takes its place.
      static constexpr DrugSpec kMacrolide{"Azithromycin 500mg",
                                           "Uống 1 viên/lần, ngày 1 lần, trong 3 ngày", 3, "viên"};
      const bool penicillin = drug.name.starts_with("Amoxicilin");
      const bool cephalosporin = drug.name.starts_with("Cef") || drug.name.starts_with("Ceph");
      if ((penicillin && avoid_penicillins_) || (cephalosporin && avoid_cephalosporins_)) {
        WriteMedication(v, kMacrolide, v.condition_id);
      } else {
        WriteMedication(v, drug, v.condition_id);
      }
    }
  }
  return true;
}

void RecordWriter::WriteEncounter(const Visit& v) {
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "Encounter").Field("id", v.id);
  j.Field("status", "finished");
  const char* cls = v.setting == CareSetting::kInpatient   ? "IMP"
                    : v.setting == CareSetting::kEmergency ? "EMER"
                    : v.setting == CareSetting::kHome      ? "HH"
                                                           : "AMB";
  const char* cls_display = v.setting == CareSetting::kInpatient   ? "inpatient encounter"
                            : v.setting == CareSetting::kEmergency ? "emergency"
                            : v.setting == CareSetting::kHome      ? "home health"
                                                                   : "ambulatory";
  j.Key("class").BeginObject().Field("system", kActCode).Field("code", cls);
  j.Field("display", cls_display).EndObject();
  j.Key("type").BeginArray().BeginObject().Field(
      "text", v.setting == CareSetting::kInpatient   ? "Điều trị nội trú"
              : v.setting == CareSetting::kEmergency ? "Cấp cứu"
              : v.setting == CareSetting::kHome      ? "Khám tại nhà"
                                                     : "Khám bệnh ngoại trú");
  j.EndObject().EndArray();
  j.Key("subject").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
  j.Key("participant").BeginArray().BeginObject().Key("individual").BeginObject();
  j.Field("reference", "Practitioner/" + v.doctor->id).EndObject().EndObject().EndArray();
  const int end_day = v.day + v.stay_days;
  const int end_minute = v.end_minute >= 0 ? v.end_minute
                         : v.stay_days > 0 ? 9 * 60 + Below(180)
                                           : std::min(v.minute + 20 + Below(60), 23 * 60 + 59);
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
  const bool hospitalization = v.referred_from != nullptr || v.referred_onwards ||
                               v.stay_days > 0 || v.from_emergency || v.died;
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
    if (v.died) {
      j.Field("code", "exp").Field("display", "Expired");
    } else if (v.referred_onwards) {
      j.Field("code", "other-hcf").Field("display", "Other healthcare facility");
    } else {
      j.Field("code", "home").Field("display", "Home");
    }
    j.EndObject().EndArray();
    j.Field("text", v.died ? "Tử vong" : v.referred_onwards ? "Chuyển tuyến" : "Ra viện");
    j.EndObject();
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
  // Resolved about a week after the visit, unless that is past the end of
  // the window or the patient's death.
  const int abatement = v.day + 7 + v.stay_days;
  const bool active =
      chronic || (v.day + 30 > window_.last_day) || (Deceased() && abatement >= death_day_);
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
  if (!active) j.Field("abatementDateTime", FormatDate(abatement));
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
  lab_results_.clear();
  switch (spec.lab) {
    case Lab::kBloodCount:
    case Lab::kDengue: {
      const bool dengue = spec.lab == Lab::kDengue;
      const bool infection = spec.code.starts_with("J") || spec.code == "K35.9";
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "6690-2", "Leukocytes [#/volume] in Blood", "Số lượng bạch cầu",
          dengue      ? 2.5 + random_.Real() * 2
          : infection ? 11 + random_.Real() * 7
                      : 5 + random_.Real() * 4,
          1, "10*9/L"));
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "718-7", "Hemoglobin [Mass/volume] in Blood", "Huyết sắc tố",
          (Female() ? 118 : 132) + random_.Real() * 25, 0, "g/L"));
      // Dengue concentrates the blood (a rising haematocrit) and lowers platelets.
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "4544-3", "Hematocrit [Volume Fraction] of Blood", "Hematocrit",
          dengue ? 42 + random_.Real() * 9 : (Female() ? 36 : 40) + random_.Real() * 8, 1, "%"));
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "777-3", "Platelets [#/volume] in Blood", "Số lượng tiểu cầu",
          dengue ? 40 + random_.Real() * 90 : 170 + random_.Real() * 200, 0, "10*9/L"));
      WriteLabReport(v, "58410-2", "CBC panel - Blood by Automated count",
                     "Tổng phân tích tế bào máu ngoại vi");
      if (dengue) {
        lab_results_.clear();
        WriteDengueAntigen(v, random_.Chance(0.85));
        WriteLabReport(v, "75377-2",
                       "Dengue virus NS1 Ag [Presence] in Serum or Plasma by Immunoassay",
                       "Test nhanh Dengue NS1");
      }
      break;
    }
    case Lab::kGlucose:
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "15074-8", "Glucose [Moles/volume] in Blood", "Glucose máu",
          (diabetic_ ? 7.2 : 4.6) + random_.Real() * 3.5, 1, "mmol/L"));
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "14682-9", "Creatinine [Moles/volume] in Serum or Plasma", "Creatinin",
          (Female() ? 55 : 70) + random_.Real() * 40, 0, "umol/L"));
      WriteLabReport(v, "51990-0", "Basic metabolic panel - Blood", "Sinh hóa máu");
      lab_results_.clear();
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "HbA1c",
          (diabetic_ ? 6.8 : 5.0) + random_.Real() * 1.8, 1, "%"));
      WriteLabReport(v, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "HbA1c");
      break;
    case Lab::kLipids: {
      const double total = 4.2 + random_.Real() * 2.6;
      const double triglycerides = 1.0 + random_.Real() * 2.5;
      const double hdl = 0.9 + random_.Real() * 0.7;
      // Friedewald, in mmol/L.
      const double ldl = std::max(1.0, total - hdl - triglycerides / 2.2);
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "14647-2", "Cholesterol [Moles/volume] in Serum or Plasma",
          "Cholesterol toàn phần", total, 1, "mmol/L"));
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "14927-8", "Triglyceride [Moles/volume] in Serum or Plasma", "Triglycerid",
          triglycerides, 1, "mmol/L"));
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "14646-4", "Cholesterol in HDL [Moles/volume] in Serum or Plasma",
          "HDL-Cholesterol", hdl, 1, "mmol/L"));
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "22748-8", "Cholesterol in LDL [Moles/volume] in Serum or Plasma",
          "LDL-Cholesterol", ldl, 1, "mmol/L"));
      WriteLabReport(v, "57698-3", "Lipid panel with direct LDL - Serum or Plasma", "Bộ mỡ máu");
      break;
    }
    case Lab::kCreatinine:
      lab_results_.push_back(WriteQuantityObservation(
          v, lab, "14682-9", "Creatinine [Moles/volume] in Serum or Plasma", "Creatinin",
          (Female() ? 55 : 70) + random_.Real() * 40, 0, "umol/L"));
      lab_results_.push_back(
          WriteQuantityObservation(v, lab, "2951-2", "Sodium [Moles/volume] in Serum or Plasma",
                                   "Natri", 136 + random_.Real() * 8, 0, "mmol/L"));
      lab_results_.push_back(
          WriteQuantityObservation(v, lab, "2823-3", "Potassium [Moles/volume] in Serum or Plasma",
                                   "Kali", 3.5 + random_.Real() * 1.4, 1, "mmol/L"));
      WriteLabReport(v, "51990-0", "Basic metabolic panel - Blood", "Sinh hóa máu");
      break;
    case Lab::kNone:
      break;
  }
}

void RecordWriter::WriteLabReport(const Visit& v, std::string_view loinc, std::string_view display,
                                  std::string_view text) {
  const std::string id = random_.Uuid();
  // Results come about an hour after the sample, never after a death.
  int issued = std::min(v.minute + 65 + Below(60), 23 * 60 + 59);
  if (v.died && v.stay_days == 0) issued = std::min(issued, v.end_minute);
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "DiagnosticReport").Field("id", id);
  j.Field("status", "final");
  j.Key("category").BeginArray().BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/v2-0074").Field("code", "LAB");
  j.Field("display", "Laboratory").EndObject().EndArray().EndObject().EndArray();
  j.Key("code").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", kLoinc).Field("code", loinc).Field("display", display).EndObject().EndArray();
  j.Field("text", text).EndObject();
  SubjectAndEncounter(j, v);
  j.Field("effectiveDateTime", FormatDateTime(v.day, std::min(v.minute + 5, 1439)));
  j.Field("issued", FormatDateTime(v.day, std::max(issued, std::min(v.minute + 5, 1439))));
  j.Key("performer").BeginArray().BeginObject();
  j.Field("reference", "Organization/" + v.facility->organization_id).EndObject().EndArray();
  j.Key("resultsInterpreter").BeginArray().BeginObject();
  j.Field("reference", "Practitioner/" + v.doctor->id).EndObject().EndArray();
  j.Key("result").BeginArray();
  for (const std::string& result : lab_results_) {
    j.BeginObject().Field("reference", "Observation/" + result).EndObject();
  }
  j.EndArray().EndObject();
  Emit("DiagnosticReport", id);
}

void RecordWriter::WriteDengueAntigen(const Visit& v, bool positive) {
  const std::string id = random_.Uuid();
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "Observation").Field("id", id).Field("status", "final");
  j.Key("category").BeginArray().BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/observation-category");
  j.Field("code", "laboratory").EndObject().EndArray().EndObject().EndArray();
  j.Key("code").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", kLoinc).Field("code", "75377-2");
  j.Field("display", "Dengue virus NS1 Ag [Presence] in Serum or Plasma by Immunoassay");
  j.EndObject().EndArray().Field("text", "Kháng nguyên NS1 Dengue").EndObject();
  SubjectAndEncounter(j, v);
  j.Field("effectiveDateTime", FormatDateTime(v.day, std::min(v.minute + 5, 1439)));
  j.Key("performer").BeginArray().BeginObject();
  j.Field("reference", "Practitioner/" + v.doctor->id).EndObject().EndArray();
  j.Key("valueCodeableConcept").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", kSnomed).Field("code", positive ? "10828004" : "260385009");
  j.Field("display", positive ? "Positive" : "Negative").EndObject().EndArray();
  j.Field("text", positive ? "Dương tính" : "Âm tính").EndObject();
  j.EndObject();
  lab_results_.push_back(id);
  Emit("Observation", id);
}

void RecordWriter::WriteCauseOfDeath(const Visit& v, const DiagnosisSpec& cause) {
  const std::string id = random_.Uuid();
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "Observation").Field("id", id).Field("status", "final");
  j.Key("code").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", kLoinc).Field("code", "69453-9");
  j.Field("display", "Cause of death [US Standard Certificate of Death]").EndObject().EndArray();
  j.Field("text", "Nguyên nhân tử vong").EndObject();
  SubjectAndEncounter(j, v);
  j.Field("effectiveDateTime", FormatDateTime(death_day_, death_minute_));
  j.Key("performer").BeginArray().BeginObject();
  j.Field("reference", "Practitioner/" + v.doctor->id).EndObject().EndArray();
  j.Key("valueCodeableConcept").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", vn::kIcd10System).Field("code", cause.code).Field("display", cause.display);
  j.EndObject().EndArray().Field("text", cause.display).EndObject();
  j.Key("derivedFrom").BeginArray().BeginObject();
  j.Field("reference", "Condition/" + v.condition_id).EndObject().EndArray();
  j.EndObject();
  Emit("Observation", id);
}

std::string RecordWriter::WriteQuantityObservation(const Visit& v, std::string_view category,
                                                   std::string_view loinc, std::string_view display,
                                                   std::string_view text, double value,
                                                   int decimals, std::string_view unit) {
  std::string id = random_.Uuid();
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
  return id;
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
  const bool current = v.day + 30 > (Deceased() ? death_day_ : window_.last_day);
  j.Field("status", !current ? "completed" : Deceased() ? "stopped" : "active");
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

void RecordWriter::WriteProcedures(const Visit& v, const DiagnosisSpec& spec) {
  for (const ProcedureRule& rule : ProcedureRules()) {
    if (rule.diagnosis != spec.code || rule.setting != v.setting) continue;
    if (rule.hospital_only && v.facility->level == FacilityLevel::kCommune) continue;
    if (!random_.Chance(rule.chance)) continue;
    const bool alternative =
        !rule.alternative.code.empty() && random_.Chance(rule.alternative_share);
    WriteProcedure(v, alternative ? rule.alternative : rule.procedure, v.day,
                   v.minute + 20 + Below(60));
  }
}

void RecordWriter::WriteProcedure(const Visit& v, const ProcedureSpec& procedure, int day,
                                  int minute) {
  // Within the day, after the arrival and before a death that ends the visit.
  const int end_of_day = v.died && day == v.day + v.stay_days ? v.end_minute : 23 * 60 + 59;
  const int arrival = day == v.day ? v.minute : 0;
  minute = std::max(arrival, std::min(minute, end_of_day - procedure.minutes));
  const int end = std::min(minute + procedure.minutes, end_of_day);
  const std::string id = random_.Uuid();
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "Procedure").Field("id", id);
  j.Field("status", "completed");
  // ICD-9-CM 87-89 and endoscopies are diagnostic; an hour or more is surgery.
  const bool diagnostic = procedure.code.starts_with("87.") || procedure.code.starts_with("88.") ||
                          procedure.code.starts_with("89.") || procedure.code == "44.13";
  j.Key("category").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", kSnomed);
  if (diagnostic) {
    j.Field("code", "103693007").Field("display", "Diagnostic procedure");
  } else if (procedure.minutes >= 60) {
    j.Field("code", "387713003").Field("display", "Surgical procedure");
  } else {
    j.Field("code", "277132007").Field("display", "Therapeutic procedure");
  }
  j.EndObject().EndArray().EndObject();
  j.Key("code").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", kIcd9CmSystem).Field("code", procedure.code);
  j.Field("display", procedure.display).EndObject().EndArray();
  j.Field("text", procedure.display).EndObject();
  SubjectAndEncounter(j, v);
  j.Key("performedPeriod").BeginObject().Field("start", FormatDateTime(day, minute));
  j.Field("end", FormatDateTime(day, std::max(minute, end))).EndObject();
  j.Key("performer").BeginArray().BeginObject().Key("actor").BeginObject();
  j.Field("reference", "Practitioner/" + v.doctor->id).EndObject().EndObject().EndArray();
  j.Key("location").BeginObject();
  j.Field("reference", "Location/" + v.facility->location_id).EndObject();
  j.Key("reasonReference").BeginArray().BeginObject();
  j.Field("reference", "Condition/" + v.condition_id).EndObject().EndArray();
  j.EndObject();
  Emit("Procedure", id);
}

void RecordWriter::WriteAllergy(const AllergySpec& allergy, int day) {
  const Facility& station = PickFacility(FacilityLevel::kCommune);
  const Practitioner& doctor = PickStaff(station, true);
  const std::string id = random_.Uuid();
  // Reactions: mostly hives; anaphylaxis in a few.
  const double r = random_.Real();
  const bool anaphylaxis = r < 0.06;
  json_.clear();
  JsonText j(json_);
  j.BeginObject().Field("resourceType", "AllergyIntolerance").Field("id", id);
  j.Key("clinicalStatus").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical");
  j.Field("code", "active").Field("display", "Active").EndObject().EndArray().EndObject();
  const bool confirmed = anaphylaxis || random_.Chance(0.7);
  j.Key("verificationStatus").BeginObject().Key("coding").BeginArray().BeginObject();
  j.Field("system", "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification");
  j.Field("code", confirmed ? "confirmed" : "unconfirmed");
  j.Field("display", confirmed ? "Confirmed" : "Unconfirmed").EndObject().EndArray().EndObject();
  j.Field("type", "allergy");
  j.Key("category").BeginArray();
  j.String(allergy.category == AllergyCategory::kMedication ? "medication" : "food").EndArray();
  j.Field("criticality", anaphylaxis ? "high" : "low");
  j.Key("code").BeginObject();
  if (!allergy.snomed.empty()) {
    j.Key("coding").BeginArray().BeginObject().Field("system", kSnomed);
    j.Field("code", allergy.snomed).Field("display", allergy.display).EndObject().EndArray();
  }
  j.Field("text", allergy.text).EndObject();
  j.Key("patient").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
  j.Field("recordedDate", FormatDateTime(day, 7 * 60 + Below(600)));
  j.Key("recorder").BeginObject().Field("reference", "Practitioner/" + doctor.id).EndObject();
  j.Key("reaction").BeginArray().BeginObject().Key("manifestation").BeginArray().BeginObject();
  j.Key("coding").BeginArray().BeginObject().Field("system", kSnomed);
  if (anaphylaxis) {
    j.Field("code", "39579001").Field("display", "Anaphylaxis").EndObject().EndArray();
    j.Field("text", "Sốc phản vệ");
  } else if (r < 0.2) {
    j.Field("code", "41291007").Field("display", "Angioedema").EndObject().EndArray();
    j.Field("text", "Phù mạch");
  } else if (r < 0.65) {
    j.Field("code", "126485001").Field("display", "Urticaria").EndObject().EndArray();
    j.Field("text", "Mày đay");
  } else {
    j.Field("code", "271807003").Field("display", "Eruption of skin").EndObject().EndArray();
    j.Field("text", "Phát ban");
  }
  j.EndObject().EndArray();
  j.Field("severity", anaphylaxis ? "severe" : r < 0.2 ? "moderate" : "mild");
  j.EndObject().EndArray().EndObject();
  Emit("AllergyIntolerance", id);
}

void RecordWriter::SubjectAndEncounter(JsonText& j, const Visit& v) const {
  j.Key("subject").BeginObject().Field("reference", "Patient/" + person_.id).EndObject();
  j.Key("encounter").BeginObject().Field("reference", "Encounter/" + v.id).EndObject();
}

}  // namespace lienthong::synth
