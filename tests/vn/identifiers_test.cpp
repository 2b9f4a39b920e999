// Personal ID (CCCD), insurance card codes and the embedded admin units.
#include <gtest/gtest.h>

#include "vn/admin_units.h"
#include "vn/insurance_card.h"
#include "vn/national_id.h"

namespace lienthong::vn {
namespace {

TEST(NationalId, CenturyAndSexDigitFollowTheBirthYear) {
  struct Case {
    int province;
    Sex sex;
    int year;
    uint32_t serial;
    const char* expected;
  };
  const Case cases[] = {
      {79, Sex::kMale, 1985, 123, "079085000123"}, {1, Sex::kFemale, 1999, 999999, "001199999999"},
      {1, Sex::kMale, 2000, 1, "001200000001"},    {96, Sex::kFemale, 2024, 42, "096324000042"},
      {48, Sex::kFemale, 2100, 0, "048500000000"},
  };
  for (const Case& c : cases) {
    Result<std::string> id = FormatNationalId({c.province, c.sex, c.year, c.serial});
    ASSERT_TRUE(id.ok()) << c.expected;
    EXPECT_EQ(*id, c.expected);
    Result<NationalIdParts> parts = ParseNationalId(*id);
    ASSERT_TRUE(parts.ok());
    EXPECT_EQ(parts->province, c.province);
    EXPECT_EQ(parts->sex, c.sex);
    EXPECT_EQ(parts->birth_year, c.year);
    EXPECT_EQ(parts->serial, c.serial);
  }
}

TEST(NationalId, RejectsMalformedNumbers) {
  for (const char* bad : {"", "07908500012", "0790850001234", "07908500012a", "000085000123",
                          "097085000123", "079885000123"}) {
    EXPECT_FALSE(ParseNationalId(bad).ok()) << bad;
  }
  EXPECT_FALSE(FormatNationalId({0, Sex::kMale, 1990, 1}).ok());
  EXPECT_FALSE(FormatNationalId({1, Sex::kMale, 1899, 1}).ok());
  EXPECT_FALSE(FormatNationalId({1, Sex::kMale, 1990, 1000000}).ok());
}

TEST(InsuranceCard, FormatsAndChecksThePattern) {
  Result<std::string> code = FormatInsuranceCard({"TE", 2, 79, 7912345678});
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, "TE2797912345678");
  EXPECT_TRUE(IsWellFormedInsuranceCard(*code));
  for (const char* bad : {"", "te2797912345678", "TE6797912345678", "TE279791234567",
                          "TE27979123456789", "T12797912345678", "TE27979123456x8"}) {
    EXPECT_FALSE(IsWellFormedInsuranceCard(bad)) << bad;
  }
  EXPECT_FALSE(FormatInsuranceCard({"T", 2, 79, 1}).ok());
  EXPECT_FALSE(FormatInsuranceCard({"TE", 6, 79, 1}).ok());
  EXPECT_FALSE(FormatInsuranceCard({"TE", 2, 79, 10000000000ULL}).ok());
  EXPECT_EQ(BenefitLevelOfGroup("TE"), 2);
  EXPECT_EQ(BenefitLevelOfGroup("HN"), 3);
  EXPECT_EQ(BenefitLevelOfGroup("DN"), 4);
  EXPECT_EQ(BenefitLevelOfGroup("CA"), 1);
}

TEST(AdminUnits, EmbeddedListHasTheSixtyThreeProvinces) {
  const std::vector<Province>& units = AdminUnits2024();
  ASSERT_EQ(units.size(), 63u);
  size_t communes = 0;
  for (const Province& p : units) {
    for (const District& d : p.districts) communes += d.communes.size();
  }
  // 10,600 rows; five districts (islands such as Bạch Long Vĩ) have no communes.
  EXPECT_EQ(communes, 10595u);
  const Province* hcm = FindProvince("79");
  ASSERT_NE(hcm, nullptr);
  EXPECT_EQ(hcm->name, "Thành phố Hồ Chí Minh");
  EXPECT_EQ(FindProvince("00"), nullptr);
}

}  // namespace
}  // namespace lienthong::vn
