#include "search/index_keys.h"

#include <cstdint>

namespace lienthong::search {

std::string ParamPrefix(std::string_view type, std::string_view code) {
  uint64_t hash = 14695981039346656037ull;
  auto mix = [&hash](std::string_view s) {
    for (char c : s) {
      hash ^= static_cast<uint8_t>(c);
      hash *= 1099511628211ull;
    }
  };
  mix(type);
  mix(std::string_view("\0", 1));
  mix(code);
  std::string key(8, '\0');
  for (int i = 0; i < 8; ++i) key[i] = static_cast<char>(hash >> (56 - 8 * i));
  return key;
}

std::string IndexPrefix(std::string_view type, std::string_view code, IndexKind kind) {
  std::string key = ParamPrefix(type, code);
  key.push_back(static_cast<char>(kind));
  return key;
}

namespace {

constexpr uint8_t kUuidTrailer = 0x80 | 16;
constexpr char kUuidMarker = kIdUuidMarker;
constexpr uint8_t kMaxIdLength = 64;  // FHIR ids
constexpr char kHexDigits[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// A UUID in its canonical lower-case text form (8-4-4-4-12), which is how
// the store assigns ids; upper-case ones keep their text so that they read
// back exactly as written.
bool IsCanonicalUuid(std::string_view id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (id[i] != '-') return false;
    } else if (HexValue(id[i]) < 0) {
      return false;
    }
  }
  return true;
}

// The size of a key's id suffix (id and trailer byte); 0 for a malformed key.
size_t SuffixSize(std::string_view key) {
  if (key.empty()) return 0;
  const auto trailer = static_cast<uint8_t>(key.back());
  size_t n = 0;
  if (trailer == kUuidTrailer) {
    n = 17;  // the marker and 16 bytes
  } else if (trailer >= 1 && trailer <= kMaxIdLength) {
    n = trailer;
  } else {
    return 0;
  }
  return n + 1 <= key.size() ? n + 1 : 0;
}

}  // namespace

std::string IdSuffix(std::string_view id) {
  std::string suffix;
  if (IsCanonicalUuid(id)) {
    // 18 bytes instead of 37: the marker, the raw bytes (which sort as the
    // text does) and the trailer.
    suffix.reserve(18);
    suffix.push_back(kUuidMarker);
    uint8_t byte = 0;
    bool high = true;
    for (char c : id) {
      if (c == '-') continue;
      if (high) {
        byte = static_cast<uint8_t>(HexValue(c) << 4);
      } else {
        suffix.push_back(static_cast<char>(byte | HexValue(c)));
      }
      high = !high;
    }
    suffix.push_back(static_cast<char>(kUuidTrailer));
    return suffix;
  }
  suffix.reserve(id.size() + 1);
  suffix.append(id);
  suffix.push_back(static_cast<char>(id.size()));
  return suffix;
}

void FinishKey(std::string& key, std::string_view id) { key.append(IdSuffix(id)); }

bool IdOfKey(std::string_view key, std::string& id) {
  id.clear();
  const size_t suffix = SuffixSize(key);
  if (suffix == 0) return false;
  std::string_view bytes = key.substr(key.size() - suffix, suffix - 1);
  if (static_cast<uint8_t>(key.back()) != kUuidTrailer) {
    id.assign(bytes);
    return true;
  }
  bytes.remove_prefix(1);  // the marker
  id.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    const auto b = static_cast<uint8_t>(bytes[i]);
    id.push_back(kHexDigits[b >> 4]);
    id.push_back(kHexDigits[b & 0xf]);
  }
  return true;
}

std::string IdOfKey(std::string_view key) {
  std::string id;
  IdOfKey(key, id);
  return id;
}

std::string_view PayloadOfKey(std::string_view key, size_t prefix_size) {
  const size_t suffix = SuffixSize(key);
  if (suffix == 0 || prefix_size + suffix > key.size()) return {};
  return key.substr(prefix_size, key.size() - prefix_size - suffix);
}

}  // namespace lienthong::search
