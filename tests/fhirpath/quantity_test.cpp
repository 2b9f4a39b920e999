#include "fhirpath/quantity.h"

#include <gtest/gtest.h>

namespace lienthong::fhirpath {
namespace {

Quantity Q(const char* value, const char* unit, bool calendar = false) {
  return Quantity{*Decimal::Parse(value), unit, calendar};
}

TEST(QuantityTest, UcumConversionsCompare) {
  struct Case {
    Quantity a, b;
    std::optional<int> expected;
  } cases[] = {
      {Q("4", "g"), Q("4000", "mg"), 0},
      {Q("1", "[lb_av]"), Q("453.59237", "g"), 0},
      {Q("1", "mm[Hg]"), Q("133.322387415", "Pa"), 0},
      {Q("5", "mmol/L"), Q("0.005", "mol/L"), 0},
      {Q("1", "m2"), Q("10000", "cm2"), 0},
      {Q("70", "kg"), Q("1.7", "m"), std::nullopt},
      {Q("7", "day", true), Q("1", "wk"), 0},
      {Q("1", "year", true), Q("1", "a"), std::nullopt},
      {Q("1", "year", true), Q("12", "months", true), std::nullopt},
      {Q("2", "{beats}/min"), Q("2", "/min"), 0},
      {Q("1", "[foo]"), Q("2", "[foo]"), -1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CompareQuantities(c.a, c.b), c.expected)
        << c.a.ToString() << " vs " << c.b.ToString();
  }
}

TEST(QuantityTest, ProductsAndQuotientsCarryUnits) {
  std::optional<Quantity> area = MultiplyQuantities(Q("2.0", "cm"), Q("2.0", "m"));
  ASSERT_TRUE(area);
  EXPECT_EQ(CompareQuantities(*area, Q("0.040", "m2")), 0);
  std::optional<Quantity> density = DivideQuantities(Q("4.0", "g"), Q("2.0", "m"));
  ASSERT_TRUE(density);
  EXPECT_EQ(density->unit, "g/m");
  EXPECT_EQ(DivideQuantities(Q("1", "m"), Q("1", "m"))->unit, "1");
  EXPECT_EQ(ConvertQuantity(Q("1", "[in_i]"), "cm")->value.ToString(), "2.54");
  EXPECT_FALSE(ConvertQuantity(Q("1", "kg"), "m").has_value());
}

TEST(QuantityTest, StringForms) {
  EXPECT_EQ(Q("1", "wk").ToString(), "1 'wk'");
  EXPECT_EQ(Q("4", "days", true).ToString(), "4 days");
  EXPECT_EQ(ParseQuantityString("1 'wk'")->unit, "wk");
  EXPECT_TRUE(ParseQuantityString("1 day")->calendar);
  EXPECT_EQ(ParseQuantityString("1.0")->unit, "1");
  EXPECT_FALSE(ParseQuantityString("1 wk").has_value());
  EXPECT_EQ(CalendarUnit("weeks"), "week");
  EXPECT_EQ(DefiniteDurationUnit("mo"), "");
}

}  // namespace
}  // namespace lienthong::fhirpath
