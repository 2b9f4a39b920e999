#include "store/index_record.h"

#include <gtest/gtest.h>

namespace lienthong::store {
namespace {

std::vector<std::string> RoundTrip(const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  EXPECT_TRUE(UnpackIndexKeys(PackIndexKeys(keys), out));
  return out;
}

TEST(IndexRecordTest, KeysComeBackAsWritten) {
  const std::vector<std::string> keys = {
      std::string("\x01\x02param01c8480-6\0", 17) + "obs-1\x05",
      std::string("\x01\x02param01c8480-6\0", 17) + "obs-1\x05" + "x",
      std::string("\x01\x02param01k", 11) + "http://loinc.org" + std::string("\0", 1) + "obs-1\x05",
      "\x09other-obs-1\x05",
  };
  EXPECT_EQ(RoundTrip(keys), keys);
}

TEST(IndexRecordTest, SharedPartsAreStoredOnce) {
  std::vector<std::string> keys;
  const std::string id = "0123456789abcdef0123456789abcdef-id";
  for (int i = 0; i < 20; ++i) keys.push_back("param-prefix-" + std::to_string(100 + i) + id);
  size_t whole = 0;
  for (const std::string& k : keys) whole += k.size();
  const std::string record = PackIndexKeys(keys);
  EXPECT_LT(record.size(), whole / 4);
  EXPECT_EQ(RoundTrip(keys), keys);
}

TEST(IndexRecordTest, NoKeyIsLeftEmpty) {
  // One key is all suffix: it keeps a byte of its own.
  const std::vector<std::string> keys = {"abc", "xabc", "yyabc"};
  EXPECT_EQ(RoundTrip(keys), keys);
  EXPECT_EQ(RoundTrip({"same"}), std::vector<std::string>{"same"});
  EXPECT_EQ(RoundTrip({}), std::vector<std::string>{});
}

TEST(IndexRecordTest, RecordsOfTheEarlierLayoutStillRead) {
  std::vector<std::string> keys;
  ASSERT_TRUE(UnpackIndexKeys(std::string("\x03"
                                          "abc"
                                          "\x02"
                                          "de",
                                          7),
                              keys));
  EXPECT_EQ(keys, (std::vector<std::string>{"abc", "de"}));
}

TEST(IndexRecordTest, DamagedRecordsAreRefused) {
  std::vector<std::string> keys = {"alpha-key-1", "alpha-key-2", "beta-key-3"};
  const std::string record = PackIndexKeys(keys);
  std::vector<std::string> out;
  EXPECT_FALSE(UnpackIndexKeys(record.substr(0, record.size() - 2), out));
  out.clear();
  // A shared prefix longer than the key before it.
  EXPECT_FALSE(UnpackIndexKeys(std::string("\0\0\x05\x01z", 5), out));
  out.clear();
  EXPECT_FALSE(UnpackIndexKeys(std::string("\x09"
                                           "ab",
                                           3),
                               out));
}

}  // namespace
}  // namespace lienthong::store
