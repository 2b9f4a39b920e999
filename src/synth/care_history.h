// A person's care over the generated years: outpatient visits, emergencies,
// inpatient stays and referrals between facility levels (Encounter), their
// diagnoses (Condition, ICD-10 Vietnamese edition), vital signs and lab
// results (Observation) gathered in lab reports (DiagnosticReport),
// procedures (Procedure, ICD-9-CM), prescriptions (MedicationRequest),
// recorded allergies (AllergyIntolerance), the expanded-programme
// vaccinations of children and the COVID-19 doses of 2021-2022
// (Immunization). Some people die within the window, at rates by age: their
// last encounter ends with the death, its cause is recorded (Condition and
// Observation 69453-9, ICD-10 valid for the age and sex) and nothing follows.
#pragma once

#include <string>
#include <string_view>

#include "synth/facility_network.h"
#include "synth/person.h"
#include "synth/random.h"

namespace lienthong::synth {

struct CareWindow {
  int first_day = 0;  // day number of the first day generated
  int last_day = 0;   // and of the last (inclusive)
};

// Receives each resource: its type, id and compact JSON text. The text is
// only valid during the call.
class ResourceSink {
 public:
  virtual ~ResourceSink() = default;
  virtual void Add(std::string_view type, std::string_view id, std::string_view json) = 0;
};

// Writes the person's whole record (Patient first) to `sink`. Everything it
// refers to is either in the record or in `network`. Deterministic for the
// state of `random`.
void WriteCareHistory(Random& random, const Person& person, const FacilityNetwork& network,
                      CareWindow window, ResourceSink& sink);

}  // namespace lienthong::synth
