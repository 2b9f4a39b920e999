// Byte encodings of the store's keys and values. Keys are built so that the
// order RocksDB keeps (bytewise) is the order lienthong needs to read them in.
//
//   current   type \0 id                              -> RecordHeader + JSON
//   versions  type \0 id \0 ~version (8 bytes BE)      -> RecordHeader + JSON
//             (superseded versions only; newest first)
//   history   'S' ts(8 BE) type \0 id \0 version(8 BE) -> op (1 byte)
//             'T' type \0 ts(8 BE) id \0 version(8 BE) -> op (1 byte)
//   index     search index keys made by the Indexer    -> (empty)
//   index_rev type \0 id                              -> the current version's
//             index keys, each preceded by its length (varint)
//   default   (reserved for counters and the schema version; unused yet)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lienthong::store {

// What a history entry records was done to the resource.
enum class HistoryOp : uint8_t { kCreate = 1, kUpdate = 2, kDelete = 3 };

// The fixed-size prefix of every stored version.
struct RecordHeader {
  static constexpr size_t kSize = 17;
  bool deleted = false;
  uint64_t version = 0;
  int64_t last_updated_us = 0;  // microseconds since the Unix epoch
};

void AppendBigEndian64(std::string& out, uint64_t v);
uint64_t ReadBigEndian64(std::string_view bytes);

std::string CurrentKey(std::string_view type, std::string_view id);
std::string VersionKey(std::string_view type, std::string_view id, uint64_t version);
// The prefix shared by every superseded version of one resource.
std::string VersionPrefix(std::string_view type, std::string_view id);
std::string SystemHistoryKey(int64_t ts_us, std::string_view type, std::string_view id,
                             uint64_t version);
std::string TypeHistoryKey(std::string_view type, int64_t ts_us, std::string_view id,
                           uint64_t version);
std::string TypeHistoryPrefix(std::string_view type);

// Value = header followed by the JSON body (empty for a deletion).
std::string EncodeRecord(const RecordHeader& header, std::string_view json);
// False if the bytes are too short to hold a header.
bool DecodeRecordHeader(std::string_view bytes, RecordHeader& header);
inline std::string_view RecordBody(std::string_view bytes) {
  return bytes.substr(RecordHeader::kSize);
}

// A decoded history key.
struct HistoryKey {
  int64_t ts_us = 0;
  std::string type;
  std::string id;
  uint64_t version = 0;
};
bool DecodeSystemHistoryKey(std::string_view key, HistoryKey& out);
bool DecodeTypeHistoryKey(std::string_view key, HistoryKey& out);

}  // namespace lienthong::store
