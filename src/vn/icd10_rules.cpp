#include "vn/icd10_rules.h"

#include <fstream>
#include <sstream>

namespace lienthong::vn {
namespace {

std::string NoDot(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != '.') out += c;
  }
  return out;
}

// The first field of each line of a list file, one list per appendix
// section: a line starting "Phụ lục" opens the next section and the line
// after it repeats a header.
Result<std::vector<std::vector<std::string>>> ReadSections(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read " + path);
  std::vector<std::vector<std::string>> sections(1);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.rfind("Phụ lục", 0) == 0) {
      sections.emplace_back();
      header = true;
      continue;
    }
    const size_t comma = line.find(',');
    std::string code = line.substr(0, comma);
    if (!code.empty() && code.back() == '\r') code.pop_back();
    if (!code.empty()) sections.back().push_back(NoDot(code));
  }
  return sections;
}

}  // namespace

Result<Icd10Rules> Icd10Rules::Load(const std::string& dir) {
  Icd10Rules rules;
  auto load_set = [&](const char* name, std::unordered_set<std::string>& set) -> Status {
    Result<std::vector<std::vector<std::string>>> s = ReadSections(dir + "/" + name);
    if (!s.ok()) return s.status();
    for (const auto& section : *s) set.insert(section.begin(), section.end());
    return Status::Ok();
  };
  LT_RETURN_IF_ERROR(load_set("icd10-vn-not-primary.csv", rules.not_primary_));
  LT_RETURN_IF_ERROR(load_set("icd10-vn-female-only.csv", rules.female_only_));
  LT_RETURN_IF_ERROR(load_set("icd10-vn-male-only.csv", rules.male_only_));

  constexpr int kAny = 1 << 30;
  // Each file's sections with the age range its appendix heading states.
  struct AgeFile {
    const char* name;
    std::vector<AgeRange> sections;
  };
  const std::vector<AgeFile> age_files = {
      {"icd10-vn-age-0-365d.csv", {{true, 0, 365}}},
      {"icd10-vn-age-0-2y.csv", {{false, 0, 2}, {false, 0, 10}, {false, 0, 19}}},
      {"icd10-vn-age-1y-plus.csv", {{false, 1, kAny}}},
      {"icd10-vn-age-8-19y.csv", {{false, 8, 19}, {false, 9, 60}}},
      {"icd10-vn-age-over-15y.csv", {{false, 15, kAny}}},
      {"icd10-vn-age-over-27d.csv", {{true, 28, kAny}}},
      {"icd10-vn-age-over-30y.csv", {{false, 30, kAny}}},
  };
  for (const AgeFile& f : age_files) {
    Result<std::vector<std::vector<std::string>>> s = ReadSections(dir + "/" + f.name);
    if (!s.ok()) return s.status();
    for (size_t i = 0; i < s->size() && i < f.sections.size(); ++i) {
      for (const std::string& code : (*s)[i]) rules.age_ranges_[code].push_back(f.sections[i]);
    }
  }
  return rules;
}

Status Icd10Rules::Check(std::string_view code, Sex sex, PatientAge age,
                         bool main_diagnosis) const {
  const std::string key = NoDot(code);
  if (main_diagnosis && not_primary_.count(key) != 0) {
    return Status::Unprocessable("ICD-10 code may not be the main diagnosis");
  }
  if (sex == Sex::kMale && female_only_.count(key) != 0) {
    return Status::Unprocessable("ICD-10 code is valid for women only");
  }
  if (sex == Sex::kFemale && male_only_.count(key) != 0) {
    return Status::Unprocessable("ICD-10 code is valid for men only");
  }
  auto it = age_ranges_.find(key);
  if (it != age_ranges_.end()) {
    for (const AgeRange& r : it->second) {
      const int value = r.in_days ? age.days : age.years;
      if (value < r.min || value > r.max) {
        return Status::Unprocessable("ICD-10 code is not valid at the patient's age");
      }
    }
  }
  return Status::Ok();
}

size_t Icd10Rules::rule_count() const {
  return not_primary_.size() + female_only_.size() + male_only_.size() + age_ranges_.size();
}

}  // namespace lienthong::vn
