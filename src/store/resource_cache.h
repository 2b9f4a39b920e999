// ResourceCache: the current version of recently read or written resources,
// in memory, so that a read by id of a hot resource is one hash lookup.
//
// The commit thread writes every committed version through (Put) after its
// batch is durable. A reader that missed reads RocksDB and offers what it
// read with Fill(), passing the shard epoch it saw before reading: a write to
// the same shard in between bumps the epoch and the fill is dropped, so the
// cache never goes back to an older version.
//
// Thread safety: every method may be called from any thread; each shard has
// its own mutex.
#pragma once

#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/keys.h"

namespace lienthong::store {

class ResourceCache {
 public:
  struct Entry {
    RecordHeader header;
    std::shared_ptr<const std::string> body;  // the JSON as served; empty when deleted
  };

  // capacity_bytes bounds the bodies held (plus a small overhead per entry);
  // 0 disables the cache.
  explicit ResourceCache(size_t capacity_bytes);

  // The cached current version of `key` (a CurrentKey), if any.
  std::optional<Entry> Get(std::string_view key);
  // The epoch of key's shard, to pass to Fill after reading the store.
  uint64_t Epoch(std::string_view key);
  // Offers a version read from the store; kept only if no write reached the
  // shard since `epoch` was taken.
  void Fill(std::string_view key, uint64_t epoch, Entry entry);
  // A committed version (called by the commit thread, in commit order).
  void Put(std::string_view key, Entry entry);

  size_t size_bytes() const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable std::mutex mu;
    uint64_t epoch = 0;  // guarded by mu; bumped by every Put
    size_t bytes = 0;    // guarded by mu
    // Most recently used first; the map points into the list.
    std::list<std::pair<std::string, Entry>> lru;  // guarded by mu
    std::unordered_map<std::string_view, std::list<std::pair<std::string, Entry>>::iterator>
        index;  // guarded by mu; keys view the strings held in lru
  };

  Shard& ShardFor(std::string_view key);
  // Inserts or replaces under the shard's lock, then evicts to capacity.
  void Insert(Shard& shard, std::string_view key, Entry entry);
  static size_t Cost(std::string_view key, const Entry& entry);

  const size_t shard_capacity_;  // constant after construction
  std::array<Shard, kShards> shards_;
};

}  // namespace lienthong::store
