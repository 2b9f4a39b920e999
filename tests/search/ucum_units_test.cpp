// UCUM canonical units: clinical equivalences, temperatures, annotations, and
// codes that must be refused without harm.
#include "search/ucum_units.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>
#include <string>

namespace lienthong::search {
namespace {

// Relative closeness: canonical values go through a handful of multiplications.
bool Close(double a, double b) {
  return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

TEST(CanonicalizeUcum, GivesValueInBaseUnits) {
  struct Case {
    double value;
    const char* code;
    double canonical;
    const char* unit;
  };
  const Case cases[] = {
      {1, "g", 1, "g"},
      {1, "kg", 1000, "g"},
      {250, "mg", 0.25, "g"},
      {5, "ug", 5e-6, "g"},
      {100, "mg/dL", 1000, "g/m3"},
      {1, "g/L", 1000, "g/m3"},
      {14, "g/dL", 140000, "g/m3"},
      {5.5, "mmol/L", 5.5, "mol/m3"},
      {80, "umol/L", 0.08, "mol/m3"},
      {140, "meq/L", 140, "mol/m3"},
      {290, "mosm/kg", 2.9e-4, "mol/g"},
      {1.5, "L", 1.5e-3, "m3"},
      {90, "fL", 90e-18, "m3"},
      {120, "mL/min", 2e-6, "m3/s"},
      {6, "L/min", 1e-4, "m3/s"},
      {80, "/min", 80.0 / 60, "/s"},
      {80, "{beats}/min", 80.0 / 60, "/s"},
      {7.5, "10*9/L", 7.5e12, "/m3"},
      {7.5, "10*3/uL", 7.5e12, "/m3"},
      {4.5, "10^12/L", 4.5e15, "/m3"},
      {22.5, "kg/m2", 22500, "g/m2"},
      {12, "{score}", 12, "1"},
      {45, "%", 0.45, "1"},
      {3, "10*3", 3000, "1"},
      {2, "1", 2, "1"},
      {120, "mm[Hg]", 120 * 133322.0, "g/m/s2"},
      {1, "kPa", 1e6, "g/m/s2"},
      {10, "cm[H2O]", 10 * 98066.5, "g/m/s2"},
      {36, "U/L", 36000, "U/m3"},
      {10, "m[iU]/L", 10, "[iU]/m3"},
      {10, "m[IU]/mL", 10000, "[iU]/m3"},
      {2, "h", 7200, "s"},
      {3, "d", 259200, "s"},
      {2, "wk", 1209600, "s"},
      {6, "mo", 6 * 30.4375 * 86400, "s"},
      {1, "a", 365.25 * 86400, "s"},
      {70, "[in_i]", 1.778, "m"},
      {150, "[lb_av]", 150 * 453.59237, "g"},
      {2000, "kcal", 2000 * 4184000.0, "g.m2/s2"},
      {1.73, "m2", 1.73, "m2"},
      {60, "mL/min/{1.73_m2}", 1e-6, "m3/s"},
      {2, "mg/(kg.d)", 2e-6 / 86400, "/s"},
      {5, "dam", 50, "m"},
      {1, "10*-3", 1e-3, "1"},
      {3, "m-2", 3, "/m2"},
  };
  for (const Case& c : cases) {
    std::optional<CanonicalQuantity> q = CanonicalizeUcum(c.value, c.code);
    ASSERT_TRUE(q.has_value()) << c.code;
    EXPECT_TRUE(Close(q->value, c.canonical))
        << c.code << ": " << q->value << " != " << c.canonical;
    EXPECT_EQ(q->unit, c.unit) << c.code;
  }
}

TEST(CanonicalizeUcum, EquivalentQuantitiesAreEqual) {
  struct Pair {
    double a;
    const char* unit_a;
    double b;
    const char* unit_b;
  };
  const Pair pairs[] = {
      {100, "mg/dL", 1, "g/L"},
      {1, "kg", 1000, "g"},
      {5.5, "mmol/L", 5500, "umol/L"},
      {80, "/min", 80, "{beats}/min"},
      {7, "10*9/L", 7, "10*3/uL"},
      {1, "meq/L", 1, "mmol/L"},
      {120, "mm[Hg]", 15998.64, "Pa"},
      {1, "[lb_av]", 453.59237, "g"},
      {1, "h", 60, "min"},
      {1, "bar", 100, "kPa"},
  };
  for (const Pair& p : pairs) {
    std::optional<CanonicalQuantity> a = CanonicalizeUcum(p.a, p.unit_a);
    std::optional<CanonicalQuantity> b = CanonicalizeUcum(p.b, p.unit_b);
    ASSERT_TRUE(a && b) << p.unit_a << " " << p.unit_b;
    EXPECT_EQ(a->unit, b->unit) << p.unit_a << " " << p.unit_b;
    EXPECT_TRUE(Close(a->value, b->value)) << p.unit_a << " " << a->value << " " << b->value;
  }
  // The metric conversions are exact, not merely close.
  EXPECT_EQ(CanonicalizeUcum(100, "mg/dL")->value, CanonicalizeUcum(1, "g/L")->value);
  EXPECT_EQ(CanonicalizeUcum(1, "kg")->value, 1000);
  EXPECT_GT(CanonicalizeUcum(1, "a")->value, CanonicalizeUcum(364, "d")->value);
  EXPECT_LT(CanonicalizeUcum(1, "a")->value, CanonicalizeUcum(366, "d")->value);
}

TEST(CanonicalizeUcum, TemperaturesConvertToKelvin) {
  EXPECT_NEAR(CanonicalizeUcum(37, "Cel")->value, 310.15, 1e-9);
  EXPECT_EQ(CanonicalizeUcum(37, "Cel")->unit, "K");
  EXPECT_NEAR(CanonicalizeUcum(98.6, "[degF]")->value, 310.15, 1e-9);
  EXPECT_EQ(CanonicalizeUcum(98.6, "[degF]")->unit, "K");
  EXPECT_NEAR(CanonicalizeUcum(-40, "[degF]")->value, CanonicalizeUcum(-40, "Cel")->value, 1e-9);
  EXPECT_NEAR(CanonicalizeUcum(36.6, "Cel{axillary}")->value, 309.75, 1e-9);
  EXPECT_EQ(CanonicalizeUcum(300, "K")->value, 300);
  // An affine unit does not combine, take a power or a prefix.
  for (const char* code : {"Cel/min", "/Cel", "Cel2", "mCel", "(Cel)", "[degF].s", "{x}.Cel"}) {
    EXPECT_FALSE(CanonicalizeUcum(1, code).has_value()) << code;
  }
}

TEST(CanonicalizeUcum, CanonicalUnitCanonicalisesToItself) {
  for (const char* code : {"mg/dL", "mm[Hg]", "kcal", "10*9/L", "mL/min", "U/L", "m[iU]/L", "%",
                           "mosm/kg", "kat/L", "W"}) {
    std::optional<CanonicalQuantity> q = CanonicalizeUcum(3, code);
    ASSERT_TRUE(q.has_value()) << code;
    std::optional<CanonicalQuantity> again = CanonicalizeUcum(q->value, q->unit);
    ASSERT_TRUE(again.has_value()) << q->unit;
    EXPECT_EQ(again->unit, q->unit);
    EXPECT_EQ(again->value, q->value) << q->unit;
  }
}

TEST(CanonicalizeUcum, UnknownOrMalformedCodesAreRefused) {
  for (const char* code : {"",
                           "mmHg",
                           "MG/DL",
                           "sec",
                           "gm",
                           "xyz",
                           "kmin",
                           "ka",
                           "da",
                           "m.",
                           "/",
                           "./m",
                           "m//s",
                           "(m",
                           "m)",
                           "{beats",
                           "beats}",
                           "[in_i",
                           "m[Hg",
                           "{a}2",
                           "(m.s)2",
                           "m{a}{b}",
                           "0",
                           "m999",
                           "m99.m99",
                           "10*-999",
                           "mg/dL ",
                           " mg",
                           "[iU]/",
                           "U/[",
                           "((((((((((m))))))))))",
                           "1234567890123456",
                           "mg..dL",
                           "mol{x{y}}"}) {
    EXPECT_FALSE(CanonicalizeUcum(1, code).has_value()) << code;
  }
}

TEST(CanonicalizeUcum, RandomCodesNeverCrash) {
  const std::string alphabet = "mgLsdk/.(){}[]0123456789*^-+%_CelUuiHg ";
  std::mt19937 random(7);
  int known = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string code(1 + random() % 16, ' ');
    for (char& c : code) c = alphabet[random() % alphabet.size()];
    std::optional<CanonicalQuantity> q = CanonicalizeUcum(1.5, code);
    if (q) {
      ++known;
      EXPECT_TRUE(std::isfinite(q->value)) << code;
      EXPECT_TRUE(CanonicalizeUcum(q->value, q->unit).has_value()) << code << " -> " << q->unit;
    }
  }
  for (int i = 0; i < 20000; ++i) {
    std::string bytes(random() % 12, '\0');
    for (char& b : bytes) b = static_cast<char>(random());
    CanonicalizeUcum(1, bytes);
  }
  EXPECT_GT(known, 0);
}

}  // namespace
}  // namespace lienthong::search
