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

void FinishKey(std::string& key, std::string_view id) {
  key.append(id);
  key.push_back(static_cast<char>(id.size()));
}

std::string_view IdOfKey(std::string_view key) {
  if (key.empty()) return {};
  const auto n = static_cast<uint8_t>(key.back());
  if (n == 0 || n + 1u > key.size()) return {};
  return key.substr(key.size() - 1 - n, n);
}

std::string_view PayloadOfKey(std::string_view key, size_t prefix_size) {
  const std::string_view id = IdOfKey(key);
  if (prefix_size + id.size() + 1 > key.size()) return {};
  return key.substr(prefix_size, key.size() - prefix_size - id.size() - 1);
}

}  // namespace lienthong::search
