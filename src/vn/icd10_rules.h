// The validity rules that come with the Vietnamese ICD-10 edition
// (QĐ 4469/QĐ-BYT, appendices): codes that may not be the main diagnosis,
// codes valid for one sex only, and codes valid only within an age range.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "vn/national_id.h"

namespace lienthong::vn {

struct PatientAge {
  int days = 0;   // completed days since birth
  int years = 0;  // completed years since birth
};

class Icd10Rules {
 public:
  // Reads the appendix lists from `dir` (icd10-vn-not-primary.csv,
  // icd10-vn-female-only.csv, icd10-vn-male-only.csv, icd10-vn-age-*.csv;
  // see data/vn/NOTICE.md). kIoError when a file is missing.
  static Result<Icd10Rules> Load(const std::string& dir);

  // OK when `code` (with or without the dot, e.g. "J18.9" or "J189") may be
  // recorded for a patient of this sex and age, as main diagnosis when
  // `main_diagnosis`. kUnprocessable naming the rule that is broken.
  Status Check(std::string_view code, Sex sex, PatientAge age, bool main_diagnosis) const;

  size_t rule_count() const;

 private:
  struct AgeRange {
    bool in_days = false;  // bounds in days, else in years
    int min = 0;
    int max = 1 << 30;
  };
  std::unordered_set<std::string> not_primary_;
  std::unordered_set<std::string> female_only_;
  std::unordered_set<std::string> male_only_;
  std::unordered_map<std::string, std::vector<AgeRange>> age_ranges_;
};

}  // namespace lienthong::vn
