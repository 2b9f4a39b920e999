#include "store/resource_cache.h"

#include <gtest/gtest.h>

namespace lienthong::store {
namespace {

ResourceCache::Entry Version(uint64_t v, std::string body = "{}") {
  ResourceCache::Entry e;
  e.header.version = v;
  e.body = std::make_shared<const std::string>(std::move(body));
  return e;
}

TEST(ResourceCacheTest, FillAfterAWriteToTheShardIsDropped) {
  ResourceCache cache(1 << 20);
  const uint64_t epoch = cache.Epoch("Patient\0a");
  cache.Put("Patient\0a", Version(2));  // a commit lands while a reader reads version 1
  cache.Fill("Patient\0a", epoch, Version(1));
  ASSERT_TRUE(cache.Get("Patient\0a").has_value());
  EXPECT_EQ(cache.Get("Patient\0a")->header.version, 2u);
}

TEST(ResourceCacheTest, FillWithoutAWriteIsKept) {
  ResourceCache cache(1 << 20);
  EXPECT_FALSE(cache.Get("k").has_value());
  cache.Fill("k", cache.Epoch("k"), Version(5, "{\"a\":1}"));
  ASSERT_TRUE(cache.Get("k").has_value());
  EXPECT_EQ(*cache.Get("k")->body, "{\"a\":1}");
}

TEST(ResourceCacheTest, EvictsLeastRecentlyUsedToStayWithinCapacity) {
  ResourceCache cache(16 * 4096);  // 16 shards of 4 KiB
  const std::string body(1000, 'x');
  for (int i = 0; i < 1000; ++i) cache.Put("key" + std::to_string(i), Version(1, body));
  EXPECT_LE(cache.size_bytes(), 16u * 4096u);
  EXPECT_TRUE(cache.Get("key999").has_value());  // the newest survive
  EXPECT_FALSE(cache.Get("key0").has_value());
}

TEST(ResourceCacheTest, ZeroCapacityCachesNothing) {
  ResourceCache cache(0);
  cache.Put("k", Version(1));
  cache.Fill("k", cache.Epoch("k"), Version(1));
  EXPECT_FALSE(cache.Get("k").has_value());
}

}  // namespace
}  // namespace lienthong::store
