#include "search/index_keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "json/parser.h"
#include "search/resource_indexer.h"
#include "search/search_registry.h"

namespace lienthong::search {
namespace {

std::string KeyFor(std::string_view payload, std::string_view id) {
  std::string key = IndexPrefix("Observation", "code", kCode);
  key.append(payload);
  FinishKey(key, id);
  return key;
}

TEST(IndexKeysTest, UuidsTakeSeventeenBytesAndReadBack) {
  const std::string id = "3f2b8c1e-0a4d-4e6f-9b7a-12cd34ef5678";
  const std::string key = KeyFor("8480-6", id);
  EXPECT_EQ(key.size(), 9 + 6 + 17 + 1);
  EXPECT_EQ(IdOfKey(key), id);
  EXPECT_EQ(PayloadOfKey(key, 9), "8480-6");
}

TEST(IndexKeysTest, OtherIdsStayText) {
  for (const std::string& id : std::vector<std::string>{
           "example", "3F2B8C1E-0A4D-4E6F-9B7A-12CD34EF5678", "3f2b8c1e-0a4d-4e6f-9b7a-12cd34ef567",
           "a.b-c", std::string(64, 'z')}) {
    const std::string key = KeyFor("x", id);
    EXPECT_EQ(key.size(), 9 + 1 + id.size() + 1) << id;
    EXPECT_EQ(IdOfKey(key), id);
    EXPECT_EQ(PayloadOfKey(key, 9), "x");
  }
}

TEST(IndexKeysTest, KeysOfOneValueSortTextIdsThenUuidsEachInIdOrder) {
  const std::vector<std::string> ids = {"ffffffff-0000-4000-8000-000000000000",
                                        "00000000-0000-4000-8000-000000000001",
                                        "0a000000-0000-4000-8000-000000000000",
                                        "zeta",
                                        "alpha",
                                        "Beta",
                                        "9"};
  std::vector<std::string> keys;
  for (const std::string& id : ids) keys.push_back(KeyFor("v", id));
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> order;
  for (const std::string& k : keys) order.push_back(IdOfKey(k));
  EXPECT_EQ(order,
            (std::vector<std::string>{
                "9", "Beta", "alpha", "zeta", "00000000-0000-4000-8000-000000000001",
                "0a000000-0000-4000-8000-000000000000", "ffffffff-0000-4000-8000-000000000000"}));
  const std::string uuid_start = IndexPrefix("Observation", "code", kCode) + "v" + kIdUuidMarker;
  EXPECT_LT(KeyFor("v", "zzzz"), uuid_start);
  EXPECT_GT(KeyFor("v", ids[1]), uuid_start);
}

TEST(IndexKeysTest, MalformedKeysGiveNoId) {
  std::string id;
  EXPECT_FALSE(IdOfKey("", id));
  EXPECT_FALSE(IdOfKey(std::string("ab\x05", 3), id));
  EXPECT_FALSE(IdOfKey(std::string("ab\x7f", 3), id));
  EXPECT_EQ(PayloadOfKey(std::string("ab\x05", 3), 0), "");
}

TEST(IndexKeysTest, AResourcesKeysStaySortedWithTheCommitTimeKey) {
  // Search bisects a resource's own keys; the _lastUpdated key, made at
  // commit, must land in order among the others.
  const ResourceIndexer indexer(SearchRegistry::R4());
  auto resource = json::Parse(R"({"resourceType":"Goal","id":"g1",
      "lifecycleStatus":"active","description":{"text":"Lose weight"},
      "subject":{"reference":"Patient/31052ccc-7804-4268-b953-741322eed47e"},
      "target":[{"dueDate":"2024-05-01"}]})");
  ASSERT_TRUE(resource.ok());
  std::vector<std::string> keys;
  ASSERT_TRUE(indexer.Keys("Goal", "g1", *resource, keys).ok());
  const size_t before = keys.size();
  ASSERT_GT(before, 3u);
  for (int64_t when : {int64_t{0}, int64_t{1'700'000'000'000'000}, int64_t{-5}}) {
    std::vector<std::string> committed = keys;
    indexer.CommitKeys("Goal", "g1", when, committed);
    EXPECT_GT(committed.size(), before);
    EXPECT_TRUE(std::is_sorted(committed.begin(), committed.end())) << when;
  }
}

}  // namespace
}  // namespace lienthong::search
