// Indexer: what the store asks of the search subsystem (which lives above
// it) so that a resource's search index entries are written in the same
// atomic batch as the resource, and the entries of the version it replaces
// are removed in that batch too.
//
// An index entry is an opaque key in the store's `index` family; the store
// only writes, removes and scans them. Keys must not be empty.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "json/value.h"

namespace lienthong::store {

class Indexer {
 public:
  virtual ~Indexer() = default;
  // The keys of a resource about to be written; runs on the writer's thread,
  // before the write is queued. An error fails the write.
  virtual Status Keys(std::string_view type, std::string_view id, const json::Value& resource,
                      std::vector<std::string>& keys) const = 0;
  // Keys that depend on what the commit assigns (lastUpdated); runs on the
  // commit thread, so it must be cheap.
  virtual void CommitKeys(std::string_view type, std::string_view id, int64_t last_updated_us,
                          std::vector<std::string>& keys) const = 0;
  // Names what this indexer writes (its parameters and key layout): the
  // store records it when its index is complete, and an index written by
  // another indexer, or by none, must be rebuilt (ResourceStore::Reindex).
  virtual std::string Fingerprint() const = 0;
};

}  // namespace lienthong::store
