#include "store/resource_cache.h"

#include <functional>

namespace lienthong::store {

ResourceCache::ResourceCache(size_t capacity_bytes) : shard_capacity_(capacity_bytes / kShards) {}

ResourceCache::Shard& ResourceCache::ShardFor(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

size_t ResourceCache::Cost(std::string_view key, const Entry& entry) {
  constexpr size_t kOverhead = 96;  // list node, map slot, control block
  return key.size() + (entry.body ? entry.body->size() : 0) + kOverhead;
}

std::optional<ResourceCache::Entry> ResourceCache::Get(std::string_view key) {
  if (shard_capacity_ == 0) return std::nullopt;
  Shard& shard = ShardFor(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  auto found = shard.index.find(key);
  if (found == shard.index.end()) return std::nullopt;
  shard.lru.splice(shard.lru.begin(), shard.lru, found->second);
  return found->second->second;
}

uint64_t ResourceCache::Epoch(std::string_view key) {
  Shard& shard = ShardFor(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  return shard.epoch;
}

void ResourceCache::Fill(std::string_view key, uint64_t epoch, Entry entry) {
  if (shard_capacity_ == 0) return;
  Shard& shard = ShardFor(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  if (shard.epoch != epoch) return;  // a write came in between: what we read may be old
  Insert(shard, key, std::move(entry));
}

void ResourceCache::Put(std::string_view key, Entry entry) {
  Shard& shard = ShardFor(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  ++shard.epoch;
  if (shard_capacity_ == 0) return;
  Insert(shard, key, std::move(entry));
}

void ResourceCache::Insert(Shard& shard, std::string_view key, Entry entry) {
  auto found = shard.index.find(key);
  if (found != shard.index.end()) {
    shard.bytes -= Cost(key, found->second->second);
    shard.bytes += Cost(key, entry);
    found->second->second = std::move(entry);
    shard.lru.splice(shard.lru.begin(), shard.lru, found->second);
  } else {
    shard.lru.emplace_front(std::string(key), std::move(entry));
    shard.bytes += Cost(key, shard.lru.front().second);
    shard.index.emplace(shard.lru.front().first, shard.lru.begin());
  }
  while (shard.bytes > shard_capacity_ && !shard.lru.empty()) {
    auto& last = shard.lru.back();
    shard.bytes -= Cost(last.first, last.second);
    shard.index.erase(last.first);
    shard.lru.pop_back();
  }
}

size_t ResourceCache::size_bytes() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mu);
    total += shard.bytes;
  }
  return total;
}

}  // namespace lienthong::store
