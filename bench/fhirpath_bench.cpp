// Times FHIRPath evaluation as search indexing uses it: each expression is
// parsed once and evaluated N times on the same resource. The reference in
// the same run is parsing that resource's JSON text, which every write pays
// anyway. Prints a Markdown table.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "fhirpath/fhirpath.h"
#include "json/parser.h"

namespace {

constexpr const char* kObservation = R"({
  "resourceType": "Observation", "id": "bp-1", "status": "final",
  "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                            "code": "vital-signs"}]}],
  "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}], "text": "Huyết áp"},
  "subject": {"reference": "Patient/0195f0a2c3d47e8f9a0b1c2d3e4f5a6b"},
  "encounter": {"reference": "Encounter/0195f0a2c3d47e8f9a0b1c2d3e4f5a6c"},
  "effectiveDateTime": "2025-03-14T09:21:00+07:00",
  "performer": [{"reference": "Practitioner/79001-bs-0042"}],
  "component": [
    {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
     "valueQuantity": {"value": 128, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
    {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
     "valueQuantity": {"value": 82, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]
})";

double NsPerOp(int n, const std::chrono::steady_clock::time_point start) {
  const auto elapsed = std::chrono::steady_clock::now() - start;
  return std::chrono::duration<double, std::nano>(elapsed).count() / n;
}

}  // namespace

int main(int argc, char** argv) {
  using lienthong::Result;
  namespace fhirpath = lienthong::fhirpath;
  const int n = argc > 1 ? std::atoi(argv[1]) : 1000000;
  Result<lienthong::json::Value> resource = lienthong::json::Parse(kObservation);
  if (!resource.ok()) return 1;
  const std::vector<std::string> expressions = {
      "Observation.subject.reference",
      "Observation.subject",
      "Observation.code",
      "Observation.effective",
      "(Observation.value as Quantity) | (Observation.component.value as Quantity)",
      "Observation.component.code.coding.where(system = 'http://loinc.org').code",
      "Observation.subject.where(resolve() is Patient)",
  };
  fhirpath::EvalContext context;
  fmt::print("| expression | ns per evaluation | results |\n|---|---:|---:|\n");
  {
    size_t sink = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n / 10; ++i) sink += lienthong::json::Parse(kObservation)->size();
    fmt::print("| (reference: json::Parse of the resource, {} bytes) | {:.0f} | {} |\n",
               std::string_view(kObservation).size(), NsPerOp(n / 10, start), sink > 0 ? 1 : 0);
  }
  for (const std::string& text : expressions) {
    Result<fhirpath::Expression> e = fhirpath::Parse(text);
    if (!e.ok()) {
      fmt::print(stderr, "{}: {}\n", text, e.status().message());
      return 1;
    }
    size_t results = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      Result<fhirpath::Collection> r = fhirpath::Evaluate(*e, *resource, context);
      results = r.ok() ? r->size() : 0;
    }
    fmt::print("| `{}` | {:.0f} | {} |\n", text, NsPerOp(n, start), results);
  }
  return 0;
}
