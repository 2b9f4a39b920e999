// One person's record while it is written: shared by care_history.cpp (what
// happens when and where), clinical_resources.cpp (the JSON of each visit's
// resources) and immunizations.cpp. Not part of the generator's interface;
// see care_history.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "synth/calendar.h"
#include "synth/care_history.h"
#include "synth/clinical_catalog.h"
#include "synth/json_text.h"

namespace lienthong::synth {

class RecordWriter {
 public:
  // References must outlive the writer.
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
    bool died = false;    // ends with the patient's death (at `end_minute`)
    int end_minute = -1;  // fixed end time; -1: drawn when written
  };

  // Uniform in [0, n), for n >= 1 (0 when n < 1).
  int Below(int n) { return n < 1 ? 0 : static_cast<int>(random_.Below(static_cast<uint64_t>(n))); }
  int AgeYears(int day) const { return CompletedYears(person_.birth_days, day); }
  bool Female() const { return person_.sex == vn::Sex::kFemale; }
  bool Deceased() const { return death_day_ >= 0; }
  const Facility& PickFacility(FacilityLevel level) const;
  const Practitioner& PickStaff(const Facility& f, bool doctor);
  Visit NewVisit(const Facility& f, int day, CareSetting setting);

  // care_history.cpp: when and where care happens.
  void DrawDeath();
  void DrawAllergy();
  void AcuteEpisode(int day);
  void ChronicCondition(const DiagnosisSpec& spec);
  void Pregnancy(int delivery_day);
  void LastIllness();

  // immunizations.cpp
  void Immunizations();
  void CovidVaccinations();
  void WriteImmunization(const Facility& f, int day, std::string_view cvx, std::string_view display,
                         std::string_view route, std::string_view series, int dose_number);

  // clinical_resources.cpp: one visit with its diagnosis, observations, lab
  // reports, procedures and prescriptions. False (nothing written) when the
  // visit would end after the last day of care.
  bool RecordVisit(Visit& v, const DiagnosisSpec& spec, const std::string* existing_condition,
                   bool prescribe);
  void WriteEncounter(const Visit& v);
  void WriteCondition(const std::string& id, const DiagnosisSpec& spec, const Visit& v, bool main,
                      bool chronic);
  void WriteVitals(const Visit& v, const DiagnosisSpec& spec);
  void WriteLabs(const Visit& v, const DiagnosisSpec& spec);
  void WriteLabReport(const Visit& v, std::string_view loinc, std::string_view display,
                      std::string_view text);
  std::string WriteQuantityObservation(const Visit& v, std::string_view category,
                                       std::string_view loinc, std::string_view display,
                                       std::string_view text, double value, int decimals,
                                       std::string_view unit);
  void WriteDengueAntigen(const Visit& v, bool positive);
  void WriteCauseOfDeath(const Visit& v, const DiagnosisSpec& cause);
  void WriteBloodPressure(const Visit& v, int systolic, int diastolic);
  void WriteMedication(const Visit& v, const DrugSpec& drug, const std::string& reason);
  void WriteProcedures(const Visit& v, const DiagnosisSpec& spec);
  // Starting at `minute` of `day` (moved inside the visit if need be).
  void WriteProcedure(const Visit& v, const ProcedureSpec& procedure, int day, int minute);
  void WriteAllergy(const AllergySpec& allergy, int day);
  void Emit(std::string_view type, const std::string& id) { sink_.Add(type, id, json_); }
  // Writes "subject" and "encounter".
  void SubjectAndEncounter(JsonText& j, const Visit& v) const;

  double WeightKg(int day) const;
  double HeightCm(int day) const;

  Random& random_;
  const Person& person_;
  const FacilityNetwork& net_;
  CareWindow window_;
  ResourceSink& sink_;
  std::string json_;
  std::vector<std::string> lab_results_;  // Observation ids of the report being written
  bool hypertensive_ = false;
  bool diabetic_ = false;
  bool avoid_penicillins_ = false;
  bool avoid_cephalosporins_ = false;
  // Death within the window: its day (-1: none) and time, and its cause.
  int death_day_ = -1;
  int death_minute_ = 0;
  const CauseOfDeath* cause_ = nullptr;
  int last_illness_day_ = 0;  // first day of the encounter that ends in death
  CareSetting last_illness_setting_ = CareSetting::kInpatient;
  // The last day on which care may start and end: the window's last day,
  // or the day before the last illness of a person who dies.
  int care_last_ = 0;
};

}  // namespace lienthong::synth
