// The generator's PRNG: fixed streams (the bytes every seed produces must not
// change between builds), ranges and rough uniformity.
#include "synth/random.h"

#include <gtest/gtest.h>

#include <array>

#include "synth/calendar.h"

namespace lienthong::synth {
namespace {

TEST(Random, SameSeedSameStreamOnEveryPlatform) {
  Random a(42);
  Random b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.Next(), b.Next());
  // Pinned values: a change here changes every generated data set.
  Random c(1);
  EXPECT_EQ(c.Next(), 12966619160104079557ULL);
  EXPECT_EQ(c.Below(1000000), 520436u);
  EXPECT_EQ(Random::ForStream(7, 3).Uuid(), "0f5bae13-401f-49af-ab37-36a2d67c567b");
  Random d = Random::ForStream(7, 3);
  Random e = Random::ForStream(7, 4);
  EXPECT_NE(d.Next(), e.Next());
}

TEST(Random, RangesAndUniformity) {
  Random r(9);
  std::array<int, 10> counts{};
  for (int i = 0; i < 100000; ++i) {
    const uint64_t x = r.Below(10);
    ASSERT_LT(x, 10u);
    ++counts[x];
    const double u = r.Real();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const int64_t v = r.Between(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 500);
  const std::array<double, 3> w = {1, 0, 3};
  std::array<int, 3> picks{};
  for (int i = 0; i < 40000; ++i) ++picks[r.Weighted(w)];
  EXPECT_EQ(picks[1], 0);
  EXPECT_NEAR(picks[2] / 40000.0, 0.75, 0.02);
}

TEST(Random, UuidIsVersion4) {
  Random r(5);
  const std::string id = r.Uuid();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
}

TEST(Calendar, RoundTripsAndCountsYears) {
  for (int d = -30000; d < 40000; d += 37) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
  }
  EXPECT_EQ(FormatDate(DaysFromCivil({2024, 2, 29})), "2024-02-29");
  EXPECT_EQ(CompletedYears(DaysFromCivil({2000, 6, 15}), DaysFromCivil({2025, 6, 14})), 24);
  EXPECT_EQ(CompletedYears(DaysFromCivil({2000, 6, 15}), DaysFromCivil({2025, 6, 15})), 25);
}

}  // namespace
}  // namespace lienthong::synth
