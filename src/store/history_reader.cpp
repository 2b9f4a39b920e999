#include "store/history_reader.h"

#include <fmt/format.h>

#include "store/keys.h"

namespace lienthong::store {
namespace {

std::string ToHex(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

bool FromHex(std::string_view hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out.clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]);
    const int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

StoredResource FromRecord(const std::string& type, const std::string& id, std::string_view rec,
                          const RecordHeader& header) {
  StoredResource r;
  r.type = type;
  r.id = id;
  r.version = header.version;
  r.last_updated_us = header.last_updated_us;
  r.deleted = header.deleted;
  r.json = std::string(RecordBody(rec));
  return r;
}

HistoryOp OpFor(const StoredResource& r) {
  if (r.deleted) return HistoryOp::kDelete;
  return r.version == 1 ? HistoryOp::kCreate : HistoryOp::kUpdate;
}

}  // namespace

Result<HistoryPage> HistoryReader::Read(const HistoryQuery& query) {
  if (!query.id.empty()) return ReadInstance(query);
  return ReadLog(query);
}

bool HistoryReader::OverlapsAt(const HistoryQuery& query, int64_t from_us,
                               std::optional<int64_t> until_us) {
  if (!query.at_start_us) return true;
  if (from_us >= *query.at_end_us) return false;
  return !until_us || *until_us > *query.at_start_us;
}

Result<HistoryPage> HistoryReader::ReadInstance(const HistoryQuery& query) {
  // Instance history is short: collect every version, newest first.
  std::vector<StoredResource> all;
  std::string value;
  rocksdb::Status s = db_.Get(read_options_, current_, CurrentKey(query.type, query.id), &value);
  if (s.IsNotFound()) {
    return Status::NotFound(fmt::format("{}/{} is not known", query.type, query.id));
  }
  if (!s.ok()) return Status::IoError(s.ToString());
  RecordHeader header;
  if (!DecodeRecordHeader(value, header)) return Status::IoError("corrupt record");
  all.push_back(FromRecord(query.type, query.id, value, header));
  const std::string prefix = VersionPrefix(query.type, query.id);
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_options_, versions_));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view rec(it->value().data(), it->value().size());
    if (!DecodeRecordHeader(rec, header)) return Status::IoError("corrupt record");
    all.push_back(FromRecord(query.type, query.id, rec, header));
  }
  if (!it->status().ok()) return Status::IoError(it->status().ToString());

  uint64_t below = UINT64_MAX;
  if (!query.cursor.empty()) {
    try {
      below = std::stoull(query.cursor);
    } catch (...) {
      return Status::Invalid("invalid history page cursor");
    }
  }
  HistoryPage page;
  uint64_t total = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const StoredResource& r = all[i];
    if (query.since_us && r.last_updated_us < *query.since_us) continue;
    std::optional<int64_t> until;
    if (i > 0) until = all[i - 1].last_updated_us;
    if (!OverlapsAt(query, r.last_updated_us, until)) continue;
    ++total;
    if (r.version >= below) continue;
    if (page.entries.size() == query.count) {
      if (page.next_cursor.empty())
        page.next_cursor = std::to_string(page.entries.back().resource.version);
      continue;
    }
    page.entries.push_back(HistoryEntry{r, OpFor(r)});
  }
  page.total = total;
  return page;
}

Result<StoredResource> HistoryReader::Load(const std::string& type, const std::string& id,
                                           uint64_t version) {
  std::string value;
  rocksdb::Status s = db_.Get(read_options_, current_, CurrentKey(type, id), &value);
  if (!s.ok()) return s.IsNotFound() ? Status::NotFound("") : Status::IoError(s.ToString());
  RecordHeader header;
  if (!DecodeRecordHeader(value, header)) return Status::IoError("corrupt record");
  if (header.version == version) {
    return FromRecord(type, id, value, header);
  }
  if (version > header.version) return Status::NotFound("");
  s = db_.Get(read_options_, versions_, VersionKey(type, id, version), &value);
  if (!s.ok()) return s.IsNotFound() ? Status::NotFound("") : Status::IoError(s.ToString());
  if (!DecodeRecordHeader(value, header)) return Status::IoError("corrupt record");
  return FromRecord(type, id, value, header);
}

Result<HistoryPage> HistoryReader::ReadLog(const HistoryQuery& query) {
  const bool system = query.type.empty();
  const std::string prefix = system ? std::string("S") : TypeHistoryPrefix(query.type);
  std::string start;
  if (!query.cursor.empty()) {
    if (!FromHex(query.cursor, start) || !std::string_view(start).starts_with(prefix)) {
      return Status::Invalid("invalid history page cursor");
    }
  }
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(read_options_, history_));
  if (start.empty()) {
    std::string upper = prefix;
    upper.back() = static_cast<char>(upper.back() + 1);  // first key after the prefix
    it->SeekForPrev(upper);
    if (it->Valid() && it->key() == upper) it->Prev();
  } else {
    it->SeekForPrev(start);
    if (it->Valid() && it->key() == start) it->Prev();
  }
  HistoryPage page;
  HistoryKey hk;
  for (; it->Valid() && it->key().starts_with(prefix); it->Prev()) {
    std::string_view key(it->key().data(), it->key().size());
    const bool decoded = system ? DecodeSystemHistoryKey(key, hk) : DecodeTypeHistoryKey(key, hk);
    if (!decoded) return Status::IoError("corrupt history key");
    if (query.since_us && hk.ts_us < *query.since_us) break;  // entries are newest first
    if (page.entries.size() == query.count) {
      page.next_cursor = ToHex(last_key_);
      break;
    }
    Result<StoredResource> r = Load(hk.type, hk.id, hk.version);
    if (!r.ok()) {
      if (r.status().code() == ErrorCode::kNotFound) continue;
      return r.take_status();
    }
    if (query.at_start_us) {
      std::optional<int64_t> until;
      Result<StoredResource> next = Load(hk.type, hk.id, hk.version + 1);
      if (next.ok()) until = next->last_updated_us;
      if (!OverlapsAt(query, hk.ts_us, until)) continue;
    }
    const auto op = static_cast<HistoryOp>(it->value().size() == 1 ? it->value()[0] : 2);
    page.entries.push_back(HistoryEntry{std::move(r.value()), op});
    last_key_.assign(key);
  }
  if (!it->status().ok()) return Status::IoError(it->status().ToString());
  return page;
}

}  // namespace lienthong::store
