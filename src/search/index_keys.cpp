#include "search/index_keys.h"

namespace lienthong::search {

std::string IndexPrefix(std::string_view type, std::string_view code, IndexKind kind) {
  std::string key;
  key.reserve(type.size() + code.size() + 3);
  key.append(type);
  key.push_back('\0');
  key.append(code);
  key.push_back('\0');
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
