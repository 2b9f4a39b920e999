// lienthong generate: determinism, validity of every resource, referential
// integrity, identifier rules, ICD-10 rules and distributions on a sample.
#include "synth/generator.h"
#include "support/read_file.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "fhir/validator.h"
#include "json/parser.h"
#include "synth/calendar.h"
#include "synth/facility_network.h"
#include "synth/name_catalog.h"
#include "synth/person.h"
#include "vn/admin_units.h"
#include "vn/icd10_rules.h"
#include "vn/identifier_systems.h"
#include "vn/insurance_card.h"
#include "vn/national_id.h"

namespace lienthong::synth {
namespace {

namespace fs = std::filesystem;

using ::lienthong::testing::ReadFile;

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() /
                 fmt::format("lienthong-gen-{}-{}", name, static_cast<int>(::getpid()));
  fs::remove_all(dir);
  return dir;
}

GenerateOptions Options(const fs::path& dir, uint64_t seed, uint64_t patients) {
  GenerateOptions o;
  o.patients = patients;
  o.seed = seed;
  o.years = 6;
  o.province = "48";  // Đà Nẵng: small, so the test is quick
  o.out_dir = dir.string();
  return o;
}

// One generated data set, parsed, shared by the tests below.
class GeneratedProvince : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(TempDir("sample"));
    Result<GenerateReport> report = Generate(Options(*dir_, 20260101, 400));
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    resources_ = new std::vector<json::Value>;
    for (const auto& entry : fs::directory_iterator(*dir_)) {
      std::ifstream in(entry.path());
      std::string line;
      while (std::getline(in, line)) {
        Result<json::Value> v = json::Parse(line);
        ASSERT_TRUE(v.ok()) << entry.path() << ": " << v.status().ToString();
        resources_->push_back(std::move(v).value());
      }
    }
    ASSERT_EQ(resources_->size(), report->resources);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete resources_;
  }
  static std::vector<const json::Value*> OfType(std::string_view type) {
    std::vector<const json::Value*> out;
    for (const json::Value& r : *resources_) {
      if (r.get_string("resourceType") == type) out.push_back(&r);
    }
    return out;
  }
  static fs::path* dir_;
  static std::vector<json::Value>* resources_;
};
fs::path* GeneratedProvince::dir_ = nullptr;
std::vector<json::Value>* GeneratedProvince::resources_ = nullptr;

TEST(Generate, SameSeedSameBytesOtherSeedOtherBytes) {
  const fs::path a = TempDir("a"), b = TempDir("b"), c = TempDir("c");
  ASSERT_TRUE(Generate(Options(a, 99, 60)).ok());
  ASSERT_TRUE(Generate(Options(b, 99, 60)).ok());
  ASSERT_TRUE(Generate(Options(c, 100, 60)).ok());
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(a)) {
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(ReadFile(entry.path()), ReadFile(b / name)) << name;
    ++files;
  }
  EXPECT_GE(files, 10u);
  EXPECT_NE(ReadFile(a / "Patient.ndjson"), ReadFile(c / "Patient.ndjson"));
  // Bundles carry the same resources, one transaction per patient.
  const fs::path d = TempDir("d");
  GenerateOptions bundles = Options(d, 99, 60);
  bundles.format = OutputFormat::kBundles;
  ASSERT_TRUE(Generate(bundles).ok());
  EXPECT_TRUE(fs::exists(d / "facilities.json"));
  EXPECT_TRUE(fs::exists(d / "patients-0000" / "patient-0000060.json"));
  Result<json::Value> bundle = json::Parse(ReadFile(d / "patients-0000" / "patient-0000001.json"));
  ASSERT_TRUE(bundle.ok());
  EXPECT_EQ(bundle->get_string("type"), "transaction");
  EXPECT_TRUE(fhir::Validate(*bundle).ok());
  for (const fs::path& p : {a, b, c, d}) fs::remove_all(p);
}

TEST(Generate, RejectsUnknownProvince) {
  GenerateOptions o = Options(TempDir("bad"), 1, 1);
  o.province = "99";
  Result<GenerateReport> r = Generate(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalid);
}

TEST_F(GeneratedProvince, EveryResourceIsValidR4WithAnId) {
  fhir::ValidationOptions options;
  options.id = fhir::ValidationOptions::IdRule::kRequired;
  std::set<std::string> types;
  for (const json::Value& r : *resources_) {
    Status s = fhir::Validate(r, options);
    ASSERT_TRUE(s.ok()) << r.get_string("resourceType") << "/" << r.get_string("id") << ": "
                        << s.ToString();
    types.insert(std::string(r.get_string("resourceType")));
  }
  for (const char* t : {"Organization", "Location", "Practitioner", "PractitionerRole", "Patient",
                        "Encounter", "Condition", "Observation", "MedicationRequest",
                        "Immunization", "Procedure", "DiagnosticReport", "AllergyIntolerance"}) {
    EXPECT_EQ(types.count(t), 1u) << t;
  }
}

void CollectReferences(const json::Value& v, std::vector<std::string>& out) {
  if (v.is_object()) {
    for (const json::Value::Member& m : v.members()) {
      if (m.key == "reference" && m.value.is_string()) out.push_back(m.value.text());
      CollectReferences(m.value, out);
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) CollectReferences(v.at(i), out);
  }
}

TEST_F(GeneratedProvince, EveryReferenceResolvesAndIdsAreUnique) {
  std::set<std::string> present;
  for (const json::Value& r : *resources_) {
    const std::string key = fmt::format("{}/{}", r.get_string("resourceType"), r.get_string("id"));
    EXPECT_TRUE(present.insert(key).second) << "duplicate " << key;
  }
  size_t checked = 0;
  for (const json::Value& r : *resources_) {
    std::vector<std::string> refs;
    CollectReferences(r, refs);
    for (const std::string& ref : refs) {
      EXPECT_EQ(present.count(ref), 1u) << r.get_string("resourceType") << " -> " << ref;
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000u);
}

const json::Value* Identifier(const json::Value& resource, std::string_view system) {
  const json::Value* ids = resource.find("identifier");
  if (ids == nullptr) return nullptr;
  for (size_t i = 0; i < ids->size(); ++i) {
    if (ids->at(i).get_string("system") == system) return &ids->at(i);
  }
  return nullptr;
}

TEST_F(GeneratedProvince, PersonalIdAndCardAgreeWithThePerson) {
  const int today = DaysFromCivil({2025, 12, 31});
  for (const json::Value* p : OfType("Patient")) {
    const json::Value* cccd = Identifier(*p, vn::kNationalIdSystem);
    ASSERT_NE(cccd, nullptr);
    Result<vn::NationalIdParts> parts = vn::ParseNationalId(cccd->get_string("value"));
    ASSERT_TRUE(parts.ok()) << cccd->get_string("value");
    const std::string_view birth = p->get_string("birthDate");
    EXPECT_EQ(std::to_string(parts->birth_year), birth.substr(0, 4));
    EXPECT_EQ(parts->sex == vn::Sex::kFemale ? "female" : "male", p->get_string("gender"));
    EXPECT_GE(parts->province, 1);
    EXPECT_LE(parts->province, 96);

    const int birth_day = DaysFromCivil({std::stoi(std::string(birth.substr(0, 4))),
                                         std::stoi(std::string(birth.substr(5, 2))),
                                         std::stoi(std::string(birth.substr(8, 2)))});
    const int age = CompletedYears(birth_day, today);
    const json::Value* card = Identifier(*p, vn::kInsuranceNumberSystem);
    if (age < 6) {
      ASSERT_NE(card, nullptr) << "children under 6 are always insured";
    }
    if (card == nullptr) continue;
    const std::string_view code = card->get_string("value");
    EXPECT_TRUE(vn::IsWellFormedInsuranceCard(code)) << code;
    EXPECT_EQ(code.substr(3, 2), "48");
    const std::string_view group = code.substr(0, 2);
    EXPECT_EQ(code[2] - '0', vn::BenefitLevelOfGroup(group));
    if (age < 6) {
      EXPECT_EQ(group, "TE");
    }
    if (group == "TE") {
      EXPECT_LT(age, 6);
    }
    if (group == "HS") {
      EXPECT_LT(age, 18);
    }
    if (group == "HT") {
      EXPECT_GE(age, 60);
    }
  }
}

TEST_F(GeneratedProvince, FacilitiesCarryProvinceCodesAndStaffLicences) {
  std::set<std::string> codes;
  for (const json::Value* o : OfType("Organization")) {
    const json::Value* code = Identifier(*o, vn::kFacilityCodeSystem);
    ASSERT_NE(code, nullptr);
    const std::string value(code->get_string("value"));
    EXPECT_EQ(value.size(), 5u);
    EXPECT_EQ(value.substr(0, 2), "48");
    EXPECT_TRUE(codes.insert(value).second) << value;
  }
  for (const json::Value* p : OfType("Practitioner")) {
    EXPECT_NE(Identifier(*p, vn::kPractitionerLicenseSystem), nullptr);
  }
  EXPECT_EQ(OfType("Practitioner").size(), OfType("PractitionerRole").size());
}

TEST_F(GeneratedProvince, DiagnosesRespectTheIcd10Rules) {
  Result<vn::Icd10Rules> rules = vn::Icd10Rules::Load(LIENTHONG_VN_DATA);
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  // code -> Vietnamese name, from the subset of the official list.
  std::map<std::string, std::string> names;
  {
    std::ifstream in(std::string(LIENTHONG_VN_DATA) + "/icd10-vn-generator-codes.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const size_t c1 = line.find(',');
      const size_t c2 = line.find(',', c1 + 1);
      std::string name = line.substr(c2 + 1);
      if (!name.empty() && name[0] == '"') {
        name = name.substr(1, name.find('"', 1) - 1);
      } else {
        name = name.substr(0, name.find(','));
      }
      names[line.substr(0, c1)] = name;
    }
  }
  ASSERT_GT(names.size(), 20u);
  std::map<std::string, const json::Value*> patients;
  for (const json::Value* p : OfType("Patient")) {
    patients["Patient/" + std::string(p->get_string("id"))] = p;
  }
  std::map<std::string, int> rank;  // Condition id -> best rank in an Encounter
  for (const json::Value* e : OfType("Encounter")) {
    const json::Value* diagnosis = e->find("diagnosis");
    for (size_t i = 0; diagnosis != nullptr && i < diagnosis->size(); ++i) {
      const std::string ref(diagnosis->at(i).find("condition")->get_string("reference"));
      const int r = std::stoi(diagnosis->at(i).find("rank")->text());
      auto it = rank.find(ref);
      if (it == rank.end() || r < it->second) rank[ref] = r;
    }
  }
  std::map<std::string, int> code_counts;
  for (const json::Value* c : OfType("Condition")) {
    const json::Value& coding = c->find("code")->find("coding")->at(0);
    EXPECT_EQ(coding.get_string("system"), vn::kIcd10System);
    const std::string code(coding.get_string("code"));
    ++code_counts[code];
    ASSERT_EQ(names.count(code), 1u) << code << " is not in the official list";
    EXPECT_EQ(coding.get_string("display"), names[code]) << code;
    const json::Value* patient = patients[std::string(c->find("subject")->get_string("reference"))];
    ASSERT_NE(patient, nullptr);
    const vn::Sex sex =
        patient->get_string("gender") == "female" ? vn::Sex::kFemale : vn::Sex::kMale;
    const std::string_view b = patient->get_string("birthDate");
    const std::string_view o = c->get_string("onsetDateTime");
    const int birth = DaysFromCivil({std::stoi(std::string(b.substr(0, 4))),
                                     std::stoi(std::string(b.substr(5, 2))),
                                     std::stoi(std::string(b.substr(8, 2)))});
    const int onset = DaysFromCivil({std::stoi(std::string(o.substr(0, 4))),
                                     std::stoi(std::string(o.substr(5, 2))),
                                     std::stoi(std::string(o.substr(8, 2)))});
    const vn::PatientAge age{onset - birth, CompletedYears(birth, onset)};
    const std::string id = "Condition/" + std::string(c->get_string("id"));
    ASSERT_EQ(rank.count(id), 1u) << "Condition not used by any Encounter";
    Status s = rules->Check(code, sex, age, rank[id] == 1);
    EXPECT_TRUE(s.ok()) << code << " age " << age.years << ": " << s.message();
  }
  // A realistic mix: respiratory infections lead; chronic and pregnancy present.
  EXPECT_GT(code_counts["J00"] + code_counts["J06.9"] + code_counts["J02.9"], code_counts["A09.9"]);
  EXPECT_GT(code_counts["I10"], 0);
  EXPECT_GT(code_counts["O80.0"], 0);
}

TEST_F(GeneratedProvince, ObservationsUseLoincAndUcum) {
  for (const json::Value* o : OfType("Observation")) {
    EXPECT_EQ(o->find("code")->find("coding")->at(0).get_string("system"), "http://loinc.org");
    if (const json::Value* coded = o->find("valueCodeableConcept")) {
      // Dengue NS1 (SNOMED positive/negative) and cause of death (ICD-10).
      const std::string_view system = coded->find("coding")->at(0).get_string("system");
      EXPECT_TRUE(system == "http://snomed.info/sct" || system == vn::kIcd10System) << system;
      continue;
    }
    const json::Value* q = o->find("valueQuantity");
    if (q == nullptr) q = o->find("component")->at(0).find("valueQuantity");
    EXPECT_EQ(q->get_string("system"), "http://unitsofmeasure.org");
    EXPECT_GT(std::stod(q->find("value")->text()), 0.0);
  }
}

int DayOf(std::string_view date) {
  return DaysFromCivil({std::stoi(std::string(date.substr(0, 4))),
                        std::stoi(std::string(date.substr(5, 2))),
                        std::stoi(std::string(date.substr(8, 2)))});
}

TEST_F(GeneratedProvince, ImmunisationsFollowTheExpandedProgrammeSchedule) {
  std::map<std::string, int> birth;
  for (const json::Value* p : OfType("Patient")) {
    birth["Patient/" + std::string(p->get_string("id"))] = DayOf(p->get_string("birthDate"));
  }
  // CVX code and dose -> earliest and latest age in days.
  const std::map<std::pair<std::string, int>, std::pair<int, int>> schedule = {
      {{"08", 1}, {0, 0}},     {{"19", 1}, {7, 30}},     {{"102", 1}, {61, 76}},
      {{"102", 2}, {91, 106}}, {{"102", 3}, {122, 137}}, {{"02", 1}, {61, 76}},
      {{"02", 3}, {122, 137}}, {{"10", 1}, {152, 167}},  {{"05", 1}, {274, 289}},
      {{"39", 1}, {365, 380}}, {{"04", 1}, {548, 563}},  {{"01", 4}, {548, 563}},
  };
  size_t checked = 0;
  std::set<std::string> children;
  for (const json::Value* i : OfType("Immunization")) {
    const json::Value& coding = i->find("vaccineCode")->find("coding")->at(0);
    EXPECT_EQ(coding.get_string("system"), "http://hl7.org/fhir/sid/cvx");
    EXPECT_FALSE(i->find("vaccineCode")->get_string("text").empty());
    const std::string patient(i->find("patient")->get_string("reference"));
    children.insert(patient);
    const int age = DayOf(i->get_string("occurrenceDateTime")) - birth.at(patient);
    const int dose =
        std::stoi(i->find("protocolApplied")->at(0).find("doseNumberPositiveInt")->text());
    auto it = schedule.find({std::string(coding.get_string("code")), dose});
    if (it == schedule.end()) continue;
    EXPECT_GE(age, it->second.first) << coding.get_string("code") << " dose " << dose;
    EXPECT_LE(age, it->second.second) << coding.get_string("code") << " dose " << dose;
    ++checked;
  }
  EXPECT_GT(checked, 100u);
  EXPECT_GT(children.size(), 20u);
}

TEST_F(GeneratedProvince, DengueComesInTheRainySeason) {
  int season = 0, off_season = 0;
  for (const json::Value* c : OfType("Condition")) {
    if (c->find("code")->find("coding")->at(0).get_string("code") != "A90") continue;
    const int month = CivilFromDays(DayOf(c->get_string("recordedDate"))).month;
    (month >= 6 && month <= 11 ? season : off_season)++;
  }
  EXPECT_GT(season, 10);
  EXPECT_GT(season, 3 * off_season);
}

std::string Reference(const json::Value& r, std::string_view member) {
  const json::Value* v = r.find(member);
  return v == nullptr ? std::string() : std::string(v->get_string("reference"));
}

std::string Key(const json::Value& r) {
  return fmt::format("{}/{}", r.get_string("resourceType"), r.get_string("id"));
}

TEST_F(GeneratedProvince, ProceduresUseTheVietnameseIcd9CmListAndFitTheDiagnosis) {
  std::map<std::string, std::string> names;  // code -> icd9cm_name_vi
  {
    std::ifstream in(std::string(LIENTHONG_VN_DATA) + "/icd9cm-vn-generator-procedures.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const size_t comma = line.find(',');
      std::string name = line.substr(comma + 1);
      if (!name.empty() && name[0] == '"') name = name.substr(1, name.size() - 2);
      names[line.substr(0, comma)] = name;
    }
  }
  ASSERT_GT(names.size(), 10u);
  std::map<std::string, const json::Value*> by_key;
  for (const json::Value& r : *resources_) by_key[Key(r)] = &r;
  // Diagnosis code -> procedure codes done for it.
  std::map<std::string, std::set<std::string>> done;
  for (const json::Value* p : OfType("Procedure")) {
    const json::Value& coding = p->find("code")->find("coding")->at(0);
    EXPECT_EQ(coding.get_string("system"), "http://hl7.org/fhir/sid/icd-9-cm");
    const std::string code(coding.get_string("code"));
    ASSERT_EQ(names.count(code), 1u) << code << " is not in the Vietnamese list";
    EXPECT_EQ(coding.get_string("display"), names[code]) << code;
    const std::string patient = Reference(*p, "subject");
    const json::Value* encounter = by_key.at(Reference(*p, "encounter"));
    EXPECT_EQ(Reference(*encounter, "subject"), patient);
    const json::Value* reason =
        by_key.at(std::string(p->find("reasonReference")->at(0).get_string("reference")));
    EXPECT_EQ(Reference(*reason, "subject"), patient);
    // Done during the encounter.
    const json::Value* period = p->find("performedPeriod");
    EXPECT_GE(period->get_string("start"), encounter->find("period")->get_string("start"));
    EXPECT_LE(period->get_string("start"), period->get_string("end"));
    done[std::string(reason->find("code")->find("coding")->at(0).get_string("code"))].insert(code);
  }
  EXPECT_GT(OfType("Procedure").size(), 100u);
  // Births are vaginal (73.59) or by caesarean section (74.99), each with its diagnosis.
  EXPECT_EQ(done["O80.0"], std::set<std::string>{"73.59"});
  EXPECT_EQ(done["O82.9"], std::set<std::string>{"74.99"});
  for (const auto& [diagnosis, codes] : done) {
    if (diagnosis.starts_with("S")) {
      for (const std::string& c : codes) {
        EXPECT_TRUE(c == "86.59" || c == "93.54" || c == "93.57" || c == "87.03" || c == "99.6")
            << diagnosis << " " << c;
      }
    }
    if (diagnosis == "K35.9") {
      EXPECT_TRUE(codes.count("47.01") + codes.count("47.09") > 0) << "appendicitis, no surgery";
    }
  }
}

TEST_F(GeneratedProvince, DeceasedPatientsGetNoCareAfterDeathAndHaveAValidCause) {
  Result<vn::Icd10Rules> rules = vn::Icd10Rules::Load(LIENTHONG_VN_DATA);
  ASSERT_TRUE(rules.ok());
  std::map<std::string, const json::Value*> deceased;  // "Patient/id" -> Patient
  for (const json::Value* p : OfType("Patient")) {
    if (p->find("deceasedDateTime") != nullptr)
      deceased["Patient/" + std::string(p->get_string("id"))] = p;
  }
  // Every dated thing in a deceased patient's record is no later than the death.
  std::map<std::string, int> causes, expired;
  for (const json::Value& r : *resources_) {
    std::string patient = Reference(r, "subject");
    if (patient.empty()) patient = Reference(r, "patient");
    auto it = deceased.find(patient);
    if (it == deceased.end()) continue;
    const std::string_view death = it->second->get_string("deceasedDateTime");
    const std::string_view type = r.get_string("resourceType");
    std::string_view when;
    if (type == "Encounter") {
      when = r.find("period")->get_string("end");
      const json::Value* h = r.find("hospitalization");
      const json::Value* disposition = h == nullptr ? nullptr : h->find("dischargeDisposition");
      if (disposition != nullptr &&
          disposition->find("coding")->at(0).get_string("code") == "exp") {
        ++expired[patient];
        EXPECT_EQ(when, death) << "the last encounter ends with the death";
      }
    } else if (type == "Immunization") {
      when = r.get_string("occurrenceDateTime");
    } else if (type == "Procedure") {
      when = r.find("performedPeriod")->get_string("end");
    } else if (type == "Observation" || type == "DiagnosticReport") {
      when = r.get_string("effectiveDateTime");
    } else if (type == "MedicationRequest") {
      when = r.get_string("authoredOn");
      EXPECT_NE(r.get_string("status"), "active");
    } else if (type == "Condition") {
      when = r.get_string("recordedDate");
      if (const json::Value* abatement = r.find("abatementDateTime")) {
        EXPECT_LE(abatement->text(), death.substr(0, 10));
      }
    } else if (type == "AllergyIntolerance") {
      when = r.get_string("recordedDate");
    }
    EXPECT_LE(when, death) << type << " after the death of " << patient;
    if (type == "Observation" &&
        r.find("code")->find("coding")->at(0).get_string("code") == "69453-9") {
      ++causes[patient];
      const json::Value& coding = r.find("valueCodeableConcept")->find("coding")->at(0);
      EXPECT_EQ(coding.get_string("system"), vn::kIcd10System);
      const json::Value& p = *it->second;
      const int birth = DayOf(p.get_string("birthDate"));
      const int died = DayOf(death);
      const vn::PatientAge age{died - birth, CompletedYears(birth, died)};
      const vn::Sex sex = p.get_string("gender") == "female" ? vn::Sex::kFemale : vn::Sex::kMale;
      Status s = rules->Check(coding.get_string("code"), sex, age, true);
      EXPECT_TRUE(s.ok()) << coding.get_string("code") << " age " << age.years << ": "
                          << s.message();
    }
  }
  // 400 people over six years, about 6 deaths per 1,000 a year.
  EXPECT_GE(deceased.size(), 4u);
  EXPECT_LE(deceased.size(), 40u);
  for (const auto& [patient, p] : deceased) {
    EXPECT_EQ(causes[patient], 1) << patient;
    EXPECT_EQ(expired[patient], 1) << patient;
    EXPECT_GE(DayOf(p->get_string("deceasedDateTime")), DayOf("2020-01-01"));
  }
}

TEST_F(GeneratedProvince, LabReportsGatherObservationsOfTheSameEncounter) {
  std::map<std::string, const json::Value*> observations;
  for (const json::Value* o : OfType("Observation")) observations[Key(*o)] = o;
  std::set<std::string> panels;
  for (const json::Value* d : OfType("DiagnosticReport")) {
    EXPECT_EQ(d->get_string("status"), "final");
    const json::Value& category = d->find("category")->at(0).find("coding")->at(0);
    EXPECT_EQ(category.get_string("system"), "http://terminology.hl7.org/CodeSystem/v2-0074");
    EXPECT_EQ(category.get_string("code"), "LAB");
    EXPECT_LE(d->get_string("effectiveDateTime"), d->get_string("issued"));
    EXPECT_NE(d->find("performer"), nullptr);
    panels.insert(std::string(d->find("code")->find("coding")->at(0).get_string("code")));
    const json::Value* results = d->find("result");
    ASSERT_NE(results, nullptr);
    for (size_t i = 0; i < results->size(); ++i) {
      const json::Value* o = observations.at(std::string(results->at(i).get_string("reference")));
      EXPECT_EQ(Reference(*o, "subject"), Reference(*d, "subject"));
      EXPECT_EQ(Reference(*o, "encounter"), Reference(*d, "encounter"));
      EXPECT_EQ(o->find("category")->at(0).find("coding")->at(0).get_string("code"), "laboratory");
    }
  }
  for (const char* panel : {"58410-2", "51990-0", "57698-3", "4548-4", "75377-2"}) {
    EXPECT_EQ(panels.count(panel), 1u) << panel;
  }
}

TEST_F(GeneratedProvince, CovidVaccinesGoToTwelveYearOldsAndOlderIn2021And2022) {
  std::map<std::string, int> birth;
  for (const json::Value* p : OfType("Patient")) {
    birth["Patient/" + std::string(p->get_string("id"))] = DayOf(p->get_string("birthDate"));
  }
  const std::set<std::string> covid = {"207", "208", "210", "510"};
  std::map<std::string, std::vector<std::pair<std::string, int>>> doses;  // patient -> (date, n)
  for (const json::Value* i : OfType("Immunization")) {
    const std::string cvx(i->find("vaccineCode")->find("coding")->at(0).get_string("code"));
    if (covid.count(cvx) == 0) continue;
    const std::string patient(i->find("patient")->get_string("reference"));
    const std::string when(i->get_string("occurrenceDateTime"));
    EXPECT_GE(when, "2021-03-08") << cvx;
    EXPECT_LT(when, "2023-01-01") << cvx;
    const int day = DayOf(when);
    EXPECT_GE(CompletedYears(birth.at(patient), day), 12) << cvx << " on " << when;
    const json::Value& protocol = i->find("protocolApplied")->at(0);
    EXPECT_EQ(protocol.get_string("series"), "COVID-19");
    doses[patient].emplace_back(when, std::stoi(protocol.find("doseNumberPositiveInt")->text()));
  }
  EXPECT_GT(doses.size(), 150u);  // most of the 300-odd people of 12 and over
  for (auto& [patient, list] : doses) {
    std::sort(list.begin(), list.end());
    EXPECT_LE(list.size(), 3u) << patient;
    for (size_t k = 1; k < list.size(); ++k) {
      EXPECT_EQ(list[k].second, list[k - 1].second + 1) << patient;
      EXPECT_GE(DayOf(list[k].first) - DayOf(list[k - 1].first), 21) << patient;
    }
  }
}

TEST_F(GeneratedProvince, AllergiesUseTheRequiredCodesForAFewPatients) {
  std::set<std::string> patients;
  for (const json::Value* a : OfType("AllergyIntolerance")) {
    const json::Value& clinical = a->find("clinicalStatus")->find("coding")->at(0);
    EXPECT_EQ(clinical.get_string("system"),
              "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical");
    EXPECT_EQ(clinical.get_string("code"), "active");
    const json::Value& verification = a->find("verificationStatus")->find("coding")->at(0);
    EXPECT_EQ(verification.get_string("system"),
              "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification");
    EXPECT_TRUE(verification.get_string("code") == "confirmed" ||
                verification.get_string("code") == "unconfirmed");
    EXPECT_FALSE(a->find("code")->get_string("text").empty());
    patients.insert(std::string(a->find("patient")->get_string("reference")));
  }
  // About 7% of people: 28 of 400, give or take.
  EXPECT_GE(patients.size(), 10u);
  EXPECT_LE(patients.size(), 50u);
}

// Distribution checks on 20,000 drawn people (no files): tolerances are
// several standard errors wide, so the test is stable yet catches a wrong table.
TEST(PersonSample, NamesAgesAndEthnicityFollowTheTables) {
  const vn::Province* province = vn::FindProvince("48");
  ASSERT_NE(province, nullptr);
  Random facility_random(1);
  Result<FacilityNetwork> network = FacilityNetwork::Build(*province, facility_random);
  ASSERT_TRUE(network.ok());
  const int today = DaysFromCivil({2025, 12, 31});
  constexpr int kPeople = 20000;
  int nguyen = 0, tran = 0, under15 = 0, over60 = 0, kinh = 0, female = 0;
  std::vector<int> groups(17);
  for (int i = 0; i < kPeople; ++i) {
    Random random = Random::ForStream(5, static_cast<uint64_t>(i));
    const Person p = DrawPerson(random, *network, today);
    nguyen += p.name.family == "Nguyễn";
    tran += p.name.family == "Trần";
    const int age = CompletedYears(p.birth_days, today);
    ++groups[std::min(age / 5, 16)];
    under15 += age < 15;
    over60 += age >= 60;
    kinh += p.ethnic_code == "01";
    female += p.sex == vn::Sex::kFemale;
    if (p.sex == vn::Sex::kMale) {
      EXPECT_NE(p.name.middle, "Thị");
    }
  }
  auto pct = [](int n) { return 100.0 * n / kPeople; };
  EXPECT_NEAR(pct(nguyen), 38.0, 1.5);
  EXPECT_NEAR(pct(tran), 11.0, 1.0);
  EXPECT_NEAR(pct(female), 50.3, 1.5);
  // Đà Nẵng is a lowland city: almost everyone is Kinh.
  EXPECT_GT(pct(kinh), 98.5);
  // Vietnam around 2024: about 23% under 15, about 15% aged 60 or more.
  EXPECT_NEAR(pct(under15), 23.0, 1.5);
  EXPECT_NEAR(pct(over60), 14.5, 1.5);
  double total = 0;
  for (double w : AgePyramid()) total += w;
  for (size_t g = 0; g < groups.size(); ++g) {
    EXPECT_NEAR(pct(groups[g]), 100.0 * AgePyramid()[g] / total, 0.8) << "age group " << g;
  }
}

// The ethnic mix follows the province: Khơ-me in the Mekong delta, the
// northern mountain peoples in Hà Giang, Chăm in Ninh Thuận, Kinh in Hà Nội.
TEST(PersonSample, EthnicityFollowsTheProvince) {
  const int today = DaysFromCivil({2025, 12, 31});
  auto shares = [&](std::string_view code) {
    const vn::Province* province = vn::FindProvince(code);
    Random facility_random(1);
    Result<FacilityNetwork> network = FacilityNetwork::Build(*province, facility_random);
    std::map<std::string, double> out;
    constexpr int kPeople = 4000;
    for (int i = 0; i < kPeople; ++i) {
      Random random = Random::ForStream(7, static_cast<uint64_t>(i));
      const Person p = DrawPerson(random, *network, today);
      out[std::string(p.ethnic_display)] += 100.0 / kPeople;
      EXPECT_EQ(p.ethnic_code.size(), 2u);
    }
    return out;
  };
  std::map<std::string, double> soc_trang = shares("94");
  EXPECT_NEAR(soc_trang["Khơ-me"], 30, 3);
  EXPECT_NEAR(soc_trang["Kinh"], 65, 3);
  std::map<std::string, double> ha_noi = shares("01");
  EXPECT_LT(ha_noi["Khơ-me"], 0.1);
  EXPECT_GT(ha_noi["Kinh"], 98.5);
  std::map<std::string, double> ha_giang = shares("02");
  EXPECT_NEAR(ha_giang["HMông"], 33, 3);
  EXPECT_LT(ha_giang["Kinh"], 25);
  std::map<std::string, double> ninh_thuan = shares("58");
  EXPECT_NEAR(ninh_thuan["Chăm"], 12, 2.5);
  std::map<std::string, double> ho_chi_minh = shares("79");
  EXPECT_NEAR(ho_chi_minh["Hoa"], 4.5, 1.5);
}

}  // namespace
}  // namespace lienthong::synth
