#include "http/gzip.h"

#include <gtest/gtest.h>

#include "support/http_client.h"

namespace lienthong::http {
namespace {

TEST(GzipTest, AcceptEncodingNegotiation) {
  const std::pair<std::string, bool> cases[] = {
      {"", false},
      {"gzip", true},
      {"GZIP", true},
      {"deflate, gzip;q=0.5", true},
      {"gzip;q=0", false},
      {"gzip; q=0.0", false},
      {"br, deflate", false},
      {"*", true},
      {"*;q=0", false},
      {"gzip;q=0, *", false},  // explicit gzip wins over the wildcard
      {"identity, *;q=0.1", true},
      {"x-gzip", true},
  };
  for (const auto& [header, expected] : cases) {
    EXPECT_EQ(AcceptsGzip(header), expected) << '"' << header << '"';
  }
}

TEST(GzipTest, CompressorRoundTripsAndIsReusable) {
  GzipCompressor compressor;
  std::string compressed;
  for (int round = 0; round < 3; ++round) {
    std::string input(10000 + round, static_cast<char>('a' + round));
    ASSERT_TRUE(compressor.Compress(input, &compressed));
    EXPECT_LT(compressed.size(), input.size() / 10);
    std::string output;
    ASSERT_EQ(GunzipBounded(compressed, 1 << 20, &output), InflateResult::kOk);
    EXPECT_EQ(output, input);
  }
  ASSERT_TRUE(compressor.Compress("", &compressed));
  std::string output = "x";
  EXPECT_EQ(GunzipBounded(compressed, 10, &output), InflateResult::kOk);
  EXPECT_EQ(output, "");
}

TEST(GzipTest, GunzipIsBoundedAndRejectsCorruptInput) {
  std::string bomb = testing::Gzip(std::string(1 << 20, '\0'));
  std::string out;
  EXPECT_EQ(GunzipBounded(bomb, 1000, &out), InflateResult::kTooLarge);
  EXPECT_EQ(GunzipBounded(bomb, 1 << 20, &out), InflateResult::kOk);
  EXPECT_EQ(GunzipBounded("not gzip at all", 1000, &out), InflateResult::kCorrupt);
  std::string truncated = testing::Gzip("hello hello hello").substr(0, 12);
  EXPECT_EQ(GunzipBounded(truncated, 1000, &out), InflateResult::kCorrupt);
  std::string two = testing::Gzip("ab") + testing::Gzip("cd");
  EXPECT_EQ(GunzipBounded(two, 1000, &out), InflateResult::kOk);
  EXPECT_EQ(out, "abcd");
}

}  // namespace
}  // namespace lienthong::http
