// The QĐ 4469 appendix rules: main diagnosis, sex and age validity.
#include "vn/icd10_rules.h"

#include <gtest/gtest.h>

namespace lienthong::vn {
namespace {

PatientAge Years(int y) { return PatientAge{y * 365 + y / 4, y}; }

TEST(Icd10Rules, AppliesTheAppendixLists) {
  Result<Icd10Rules> rules = Icd10Rules::Load(LIENTHONG_VN_DATA);
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  EXPECT_GT(rules->rule_count(), 2000u);
  struct Case {
    const char* code;
    Sex sex;
    PatientAge age;
    bool main;
    bool ok;
  };
  const Case cases[] = {
      {"J18.9", Sex::kMale, Years(40), true, true},
      {"Z34.8", Sex::kFemale, Years(25), true, false},  // not a main diagnosis
      {"Z34.8", Sex::kFemale, Years(25), false, true},
      {"Z34.8", Sex::kMale, Years(25), false, false},   // women only
      {"O80.0", Sex::kFemale, Years(70), true, false},  // obstetric: 9-60 years
      {"O800", Sex::kFemale, Years(28), true, true},
      {"B26.0", Sex::kFemale, Years(20), true, false},       // men only
      {"I10", Sex::kMale, PatientAge{100, 0}, true, false},  // from 1 year
      {"I10", Sex::kMale, Years(50), true, true},
      {"P00.0", Sex::kMale, Years(3), true, false},  // first year only
      {"P00.0", Sex::kMale, PatientAge{10, 0}, true, true},
      {"H25.0", Sex::kFemale, Years(20), true, false},          // over 30
      {"K02.1", Sex::kFemale, PatientAge{20, 0}, true, false},  // over 27 days
  };
  for (const Case& c : cases) {
    EXPECT_EQ(rules->Check(c.code, c.sex, c.age, c.main).ok(), c.ok) << c.code;
  }
}

TEST(Icd10Rules, MissingFolderIsAnIoError) {
  Result<Icd10Rules> rules = Icd10Rules::Load("/nonexistent");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.status().code(), ErrorCode::kIoError);
}

}  // namespace
}  // namespace lienthong::vn
