#include "fhirpath/decimal.h"

#include <gtest/gtest.h>

namespace lienthong::fhirpath {
namespace {

Decimal D(const char* text) {
  std::optional<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Decimal());
}

TEST(DecimalTest, ParseKeepsPrecision) {
  EXPECT_EQ(D("1.50").ToString(), "1.50");
  EXPECT_EQ(D("-0.3").ToString(), "-0.3");
  EXPECT_EQ(D("12").ToString(), "12");
  EXPECT_EQ(D("1.5e2").ToString(), "150");
  EXPECT_EQ(D("1234567890987654321.0").ToString(), "1234567890987654321.0");
  EXPECT_EQ(D("1.50").scale(), 2);
  for (const char* bad : {"", "-", "1.", ".5", "1.2.3", "1e", "abc", "1x"}) {
    EXPECT_FALSE(Decimal::Parse(bad).has_value()) << bad;
  }
}

TEST(DecimalTest, ArithmeticIsExact) {
  EXPECT_EQ(D("0.1").Add(D("0.2"))->ToString(), "0.3");
  EXPECT_EQ(D("1.8").Subtract(D("1.2"))->ToString(), "0.6");
  EXPECT_EQ(D("1.2").Multiply(D("1.8"))->ToString(), "2.16");
  EXPECT_EQ(D("2.2").Modulo(D("1.8"))->ToString(), "0.4");
  EXPECT_EQ(D("2.2").IntegerDivide(D("1.8"))->ToString(), "1");
  EXPECT_EQ(D("1").Divide(D("2"))->ToString(), "0.5");
  EXPECT_EQ(D("1.2").Divide(D("1.8"))->Round(2).ToString(), "0.67");
  EXPECT_FALSE(D("1").Divide(D("0")).has_value());
}

TEST(DecimalTest, CompareByValue) {
  EXPECT_EQ(Compare(D("1.10"), D("1.1")), 0);
  EXPECT_LT(Compare(D("-2"), D("1.5")), 0);
  EXPECT_GT(Compare(D("0.00000001"), D("0")), 0);
}

TEST(DecimalTest, RoundingAndTruncation) {
  EXPECT_EQ(D("3.14159").Round(3).ToString(), "3.142");
  EXPECT_EQ(D("-2.5").Round(0).ToString(), "-3");
  EXPECT_EQ(D("-1.56").Truncate().ToString(), "-1");
  EXPECT_EQ(D("-2.1").Floor().ToString(), "-3");
  EXPECT_EQ(D("-1.1").Ceiling().ToString(), "-1");
  EXPECT_EQ(D("2.50").Normalized().ToString(), "2.5");
  EXPECT_EQ(D("1.5").WithScale(3)->ToString(), "1.500");
}

TEST(DecimalTest, OverflowIsReportedNotWrapped) {
  const Decimal big = D("99999999999999999999999999999999999");
  EXPECT_FALSE(big.Multiply(big).has_value());
  EXPECT_FALSE(big.Add(big)->is_negative());
}

TEST(DecimalTest, TinyAndLongLiteralsDoNotDivideByZero) {
  // A JSON number with an exponent far below the kept scale crashed Parse
  // (10^n overflowed to zero for n > 38).
  EXPECT_TRUE(D("1e-60").is_zero());
  EXPECT_TRUE(D("-2.5E-45").is_zero());
  EXPECT_EQ(D(("0." + std::string(50, '0') + "1").c_str()).ToString(),
            "0." + std::string(Decimal::kMaxScale, '0'));
  EXPECT_EQ(D("1e-60").Round(2).ToString(), "0.00");
}

}  // namespace
}  // namespace lienthong::fhirpath
