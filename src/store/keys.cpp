#include "store/keys.h"

#include <cstring>

namespace lienthong::store {

void AppendBigEndian64(std::string& out, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out.append(buf, 8);
}

uint64_t ReadBigEndian64(std::string_view bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

namespace {
void AppendLittleEndian64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>(v & 0xff));
    v >>= 8;
  }
}
uint64_t ReadLittleEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// Offsets are kept as signed microseconds; flipping the sign bit makes the
// big-endian bytes sort like the signed numbers.
uint64_t TimeBits(int64_t ts_us) { return static_cast<uint64_t>(ts_us) ^ (1ull << 63); }
int64_t TimeFromBits(uint64_t bits) { return static_cast<int64_t>(bits ^ (1ull << 63)); }
}  // namespace

std::string CurrentKey(std::string_view type, std::string_view id) {
  std::string key;
  key.reserve(type.size() + id.size() + 1);
  key.append(type).push_back('\0');
  key.append(id);
  return key;
}

std::string VersionPrefix(std::string_view type, std::string_view id) {
  std::string key = CurrentKey(type, id);
  key.push_back('\0');
  return key;
}

std::string VersionKey(std::string_view type, std::string_view id, uint64_t version) {
  std::string key = VersionPrefix(type, id);
  AppendBigEndian64(key, ~version);
  return key;
}

std::string SystemHistoryKey(int64_t ts_us, std::string_view type, std::string_view id,
                             uint64_t version) {
  std::string key;
  key.reserve(20 + type.size() + id.size());
  key.push_back('S');
  AppendBigEndian64(key, TimeBits(ts_us));
  key.append(type).push_back('\0');
  key.append(id).push_back('\0');
  AppendBigEndian64(key, version);
  return key;
}

std::string TypeHistoryPrefix(std::string_view type) {
  std::string key;
  key.push_back('T');
  key.append(type).push_back('\0');
  return key;
}

std::string TypeHistoryKey(std::string_view type, int64_t ts_us, std::string_view id,
                           uint64_t version) {
  std::string key = TypeHistoryPrefix(type);
  AppendBigEndian64(key, TimeBits(ts_us));
  key.append(id).push_back('\0');
  AppendBigEndian64(key, version);
  return key;
}

std::string EncodeRecord(const RecordHeader& header, std::string_view json) {
  std::string out;
  out.reserve(RecordHeader::kSize + json.size());
  out.push_back(header.deleted ? 1 : 0);
  AppendLittleEndian64(out, header.version);
  AppendLittleEndian64(out, static_cast<uint64_t>(header.last_updated_us));
  out.append(json);
  return out;
}

bool DecodeRecordHeader(std::string_view bytes, RecordHeader& header) {
  if (bytes.size() < RecordHeader::kSize) return false;
  header.deleted = (bytes[0] & 1) != 0;
  header.version = ReadLittleEndian64(bytes.data() + 1);
  header.last_updated_us = static_cast<int64_t>(ReadLittleEndian64(bytes.data() + 9));
  return true;
}

namespace {
// Reads "name\0" at pos; advances pos past the terminator.
bool ReadTerminated(std::string_view key, size_t& pos, std::string& out) {
  size_t end = key.find('\0', pos);
  if (end == std::string_view::npos) return false;
  out.assign(key.substr(pos, end - pos));
  pos = end + 1;
  return true;
}
}  // namespace

bool DecodeSystemHistoryKey(std::string_view key, HistoryKey& out) {
  if (key.size() < 1 + 8 + 2 + 8 || key[0] != 'S') return false;
  out.ts_us = TimeFromBits(ReadBigEndian64(key.substr(1)));
  size_t pos = 9;
  if (!ReadTerminated(key, pos, out.type) || !ReadTerminated(key, pos, out.id)) return false;
  if (key.size() - pos != 8) return false;
  out.version = ReadBigEndian64(key.substr(pos));
  return true;
}

bool DecodeTypeHistoryKey(std::string_view key, HistoryKey& out) {
  if (key.empty() || key[0] != 'T') return false;
  size_t pos = 1;
  if (!ReadTerminated(key, pos, out.type)) return false;
  if (key.size() < pos + 8) return false;
  out.ts_us = TimeFromBits(ReadBigEndian64(key.substr(pos)));
  pos += 8;
  if (!ReadTerminated(key, pos, out.id)) return false;
  if (key.size() - pos != 8) return false;
  out.version = ReadBigEndian64(key.substr(pos));
  return true;
}

}  // namespace lienthong::store
